namespace FunnelAutomation.Azure.Queues;

/// <summary>What happened to each message of one received batch.</summary>
public sealed record QueueBatchResult(IReadOnlyList<MessageOutcome> Messages)
{
    public int Count(MessageDisposition disposition) => Messages.Count(m => m.Disposition == disposition);
}

/// <summary>One message's fate: queue message id, envelope id and type when readable, and the reason when not processed.</summary>
public sealed record MessageOutcome(string MessageId, string? EnvelopeId, string? Type, MessageDisposition Disposition, string? Reason = null);

public enum MessageDisposition
{
    /// <summary>Handled and deleted.</summary>
    Processed = 0,

    /// <summary>Its id was already handled: deleted without running the handler again.</summary>
    Duplicate,

    /// <summary>The handler failed; the message will be delivered again.</summary>
    Retrying,

    /// <summary>Moved to the poison queue (malformed, non-retryable, or failed too often) and deleted.</summary>
    Poisoned,

    /// <summary>Another worker is handling the same id; left for later.</summary>
    Deferred,
}

/// <summary>A received, well-formed message as handed to a handler.</summary>
public sealed record ReceivedEnvelope(MessageEnvelope Envelope, string QueueName, string MessageId, long DequeueCount, DateTimeOffset? InsertedOn);
