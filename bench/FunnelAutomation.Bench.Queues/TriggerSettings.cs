using System.Text.Json;
using FunnelAutomation.Azure.Queues;

namespace FunnelAutomation.Bench.Queues;

/// <summary>host.json's <c>extensions:queues</c>, read from the repository's host.json, as both hosts use it.</summary>
internal sealed record TriggerSettings(int BatchSize, int NewBatchThreshold, int MaxDequeueCount, TimeSpan VisibilityTimeout, TimeSpan MaxPollingInterval)
{
    /// <summary>The Host's own short lease (Host:QueueLeaseSeconds, default 30 s); WebJobs has a fixed 10-minute one.</summary>
    public static readonly TimeSpan HostLease = TimeSpan.FromSeconds(30);

    public static TriggerSettings Read(string hostJsonPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(hostJsonPath));
        var q = doc.RootElement.GetProperty("extensions").GetProperty("queues");
        return new TriggerSettings(
            q.GetProperty("batchSize").GetInt32(),
            q.GetProperty("newBatchThreshold").GetInt32(),
            q.GetProperty("maxDequeueCount").GetInt32(),
            TimeSpan.Parse(q.GetProperty("visibilityTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            TimeSpan.Parse(q.GetProperty("maxPollingInterval").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The processor options exactly as src/FunnelAutomation.Host/Background/QueueListeners.ProcessorOptions builds them.</summary>
    public QueueProcessorOptions ForQueueProcessor() => new()
    {
        BatchSize = Math.Clamp(BatchSize, 1, 32),
        MaxConcurrency = Math.Clamp(BatchSize, 1, 32) + Math.Max(0, NewBatchThreshold),
        MaxDequeueCount = Math.Max(1, MaxDequeueCount),
        RetryDelay = VisibilityTimeout,
        MaxPollingInterval = MaxPollingInterval,
        VisibilityTimeout = HostLease,
        IdempotencyLease = HostLease,
    };
}
