namespace FunnelAutomation.Host.Journeys;

/// <summary>The task hub's settings, read from host.json's <c>extensions:durableTask</c> section (the file the
/// Functions host reads in Azure, shipped next to the Host too), so both run the same hub layout.</summary>
public sealed class JourneyHubOptions
{
    public const string Section = "extensions:durableTask";

    public string HubName { get; set; } = "FunnelAutomationHub";

    public JourneyHubStorageOptions StorageProvider { get; set; } = new();
}

public sealed class JourneyHubStorageOptions
{
    /// <summary>Control-queue partitions: orchestrations are spread over them, and each is leased by one worker
    /// at a time (how Azure scales out). Fixed for the life of a task hub.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>Longest wait between polls of an idle queue. The Functions default is 30 s; locally a step must
    /// not wait on a poll, so the Host uses <c>Host:JourneyPollingSeconds</c> instead.</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a dequeued engine message stays hidden: after a crash, its work resumes this much later
    /// (the provider's default is 5 minutes; the work of a live worker renews it).</summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
