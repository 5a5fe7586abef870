namespace FunnelAutomation.Azure.Queues;

/// <summary>An envelope too large for a queue message (64 KiB after Base64). It was not enqueued; it was
/// recorded in the poison queue named by <see cref="PoisonQueue"/> so it is not lost.</summary>
public sealed class MessageTooLargeException : Exception
{
    public MessageTooLargeException()
    {
    }

    public MessageTooLargeException(string message)
        : base(message)
    {
    }

    public MessageTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MessageTooLargeException(string message, string poisonQueue)
        : base(message)
    {
        PoisonQueue = poisonQueue;
    }

    public string? PoisonQueue { get; }
}
