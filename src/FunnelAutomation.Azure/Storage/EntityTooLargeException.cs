namespace FunnelAutomation.Azure.Storage;

/// <summary>A row would break an Azure Tables limit (1 MiB per entity, 252 properties). Thrown before
/// the write so the caller gets a plain reason instead of a service error.</summary>
public sealed class EntityTooLargeException : Exception
{
    public EntityTooLargeException()
    {
    }

    public EntityTooLargeException(string message)
        : base(message)
    {
    }

    public EntityTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
