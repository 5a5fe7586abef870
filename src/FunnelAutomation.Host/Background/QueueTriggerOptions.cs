namespace FunnelAutomation.Host.Background;

/// <summary>host.json's <c>extensions:queues</c>, the settings the Functions queue trigger runs with; the local
/// listeners read the same values so a message is retried, delayed and poisoned alike on both hosts.</summary>
public sealed class QueueTriggerOptions
{
    public const string Section = "extensions:queues";

    /// <summary>Messages received at once (1–32).</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Functions fetches a new batch when fewer than this are in flight: at most BatchSize + NewBatchThreshold run at once.</summary>
    public int NewBatchThreshold { get; set; } = 8;

    /// <summary>Failed attempts after which a message moves to the <c>-poison</c> queue.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>How long a failed message waits before its next attempt.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>Longest wait between polls of an empty queue.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);
}
