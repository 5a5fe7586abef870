namespace FunnelAutomation.Azure.Queues;

/// <summary>Tuning for <see cref="QueueProcessor"/>; defaults follow the Azure Functions queue trigger.</summary>
public sealed record QueueProcessorOptions
{
    /// <summary>Messages fetched per receive (the service allows 1–32).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Failures after which a message goes to the poison queue (Functions: maxDequeueCount 5).</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>How long a received message stays hidden from other consumers while it is handled.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Delay before a failed message is visible again (Functions: visibilityTimeout 0).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Messages of one batch handled at once.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>Largest decoded message accepted; bigger ones are poison.</summary>
    public int MaxMessageBytes { get; init; } = EnvelopeSender.MaxEncodedBytes;

    /// <summary>When set, an envelope whose type is not in it is poison at once.</summary>
    public IReadOnlySet<string>? KnownTypes { get; init; }

    /// <summary>How long an idempotency claim protects a message being handled.</summary>
    public TimeSpan IdempotencyLease { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest wait between polls of an empty queue in <see cref="QueueProcessor.RunAsync"/>.</summary>
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromSeconds(2);
}
