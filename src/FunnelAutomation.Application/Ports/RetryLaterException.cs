namespace FunnelAutomation.Application.Ports;

/// <summary>Thrown by a message handler when the work cannot be done yet but will be: another worker is in the
/// middle of it, or an event overtook the message that starts its journey. The queue runs the message again
/// after <see cref="After"/> without counting it as a failure (a failure budget is for broken messages; waiting
/// out a busy neighbour must never push a message to the poison queue).</summary>
public sealed class RetryLaterException : Exception
{
    public RetryLaterException()
    {
    }

    public RetryLaterException(string message)
        : base(message)
    {
    }

    public RetryLaterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RetryLaterException(string message, TimeSpan after)
        : base(message) => After = after;

    public TimeSpan After { get; } = TimeSpan.FromSeconds(2);
}
