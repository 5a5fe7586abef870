namespace FunnelAutomation.Host;

/// <summary>Settings of the local runtime (configuration section "Host"). The API's own settings (function key,
/// allowed origins, body limits, honeypot) are read from the same section into <see cref="FunnelAutomation.Api.ApiOptions"/>.</summary>
public sealed class FunnelHostOptions
{
    public const string Section = "Host";

    /// <summary>Lead submissions one client may make per minute.</summary>
    public int LeadPostsPerMinute { get; set; } = 60;

    /// <summary>Length of the rate-limit window for lead submissions, in seconds (the limit above applies per
    /// window). One minute unless a test or an operator wants a shorter one.</summary>
    public double LeadPostWindowSeconds { get; set; } = 60;

    /// <summary>Longest wait between polls of the journey engine's idle queues (its timers and events), in
    /// seconds: short, so a journey step does not wait on a poll. host.json's value applies in Azure.</summary>
    public double JourneyPollingSeconds { get; set; } = 0.5;

    /// <summary>Folder of sample configuration loaded when the store is empty (null: none).</summary>
    public string? SamplesPath { get; set; }

    /// <summary>Table/queue name prefix, so several hosts or test runs can share one storage account.</summary>
    public string StoragePrefix { get; set; } = string.Empty;

    /// <summary>Seconds a received message stays hidden while it is processed; after a crash it comes back
    /// this soon. Handlers take milliseconds, so a short lease loses nothing and recovers fast. Batch size, dequeue
    /// count and retry delay are host.json's <c>extensions:queues</c>, as in Azure.</summary>
    public double QueueLeaseSeconds { get; set; } = 30;

    /// <summary>Import batches (up to 100 rows each) the import listener runs at once.</summary>
    public int ImportConcurrency { get; set; } = 2;

    /// <summary>Seconds an import batch stays hidden while its rows go through intake: a batch takes far longer
    /// than one lead, and a lease that ran out mid-batch would hand it to a second worker.</summary>
    public double ImportLeaseSeconds { get; set; } = 300;

    /// <summary>Seconds between sweeps for journeys left pending or failed (see <c>DurableJourneyRunner.SweepAsync</c>).</summary>
    public double PendingJourneySweepSeconds { get; set; } = 120;

    /// <summary>Seconds a journey may stay pending before the sweep acts (<c>DurableJourneyRunner.StalledAfter</c>
    /// by default). Well past the control queue's visibility timeout, or the sweep restarts starts still on their way.</summary>
    public double PendingJourneyStalledSeconds { get; set; } = 600;

    /// <summary>Seconds after a journey failed before the sweep restarts it from the lead
    /// (<c>DurableJourneyRunner.RetryFailedAfter</c> by default).</summary>
    public double FailedJourneyRetrySeconds { get; set; } = 3600;

    /// <summary>Minutes between stalled-lead checks.</summary>
    public double StalledCheckMinutes { get; set; } = 60;

    /// <summary>Hours between scheduled retrainings of the win model (on demand: POST /api/models/win/train).</summary>
    public double WinModelRetrainHours { get; set; } = 24;

    /// <summary>Run the queue listeners and timers in this process (off for an API-only instance).</summary>
    public bool RunBackgroundWork { get; set; } = true;
}
