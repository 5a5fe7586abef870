namespace FunnelAutomation.Azure.Queues;

/// <summary>Thrown by a message handler when retrying cannot help (invalid payload, unknown reference):
/// the processor moves the message to the poison queue at once, with this message as the reason.</summary>
public sealed class NonRetryableMessageException : Exception
{
    public NonRetryableMessageException()
    {
    }

    public NonRetryableMessageException(string message)
        : base(message)
    {
    }

    public NonRetryableMessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
