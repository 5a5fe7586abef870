namespace FunnelAutomation.Host;

/// <summary>Settings of the local runtime (configuration section "Host").</summary>
public sealed class FunnelHostOptions
{
    public const string Section = "Host";

    /// <summary>The function key protected routes require (header <c>x-functions-key</c> or <c>?code=</c>).</summary>
    public string FunctionKey { get; set; } = "dev-function-key";

    /// <summary>Origins allowed to post forms from a browser (CORS).</summary>
    public string[] AllowedOrigins { get; set; } = ["http://localhost:7071"];

    /// <summary>Largest lead submission accepted, in bytes.</summary>
    public int MaxLeadBodyBytes { get; set; } = 32 * 1024;

    /// <summary>Largest CSV import accepted, in bytes.</summary>
    public int MaxImportBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Lead submissions one client may make per minute.</summary>
    public int LeadPostsPerMinute { get; set; } = 60;

    /// <summary>Length of the rate-limit window for lead submissions, in seconds (the limit above applies per
    /// window). One minute unless a test or an operator wants a shorter one.</summary>
    public double LeadPostWindowSeconds { get; set; } = 60;

    /// <summary>Form field that humans leave empty and bots fill in.</summary>
    public string HoneypotField { get; set; } = "website";

    /// <summary>Longest wait between polls of the journey engine's idle queues (its timers and events), in
    /// seconds: short, so a journey step does not wait on a poll. host.json's value applies in Azure.</summary>
    public double JourneyPollingSeconds { get; set; } = 0.5;

    /// <summary>Folder of sample configuration loaded when the store is empty (null: none).</summary>
    public string? SamplesPath { get; set; }

    /// <summary>Table/queue name prefix, so several hosts or test runs can share one storage account.</summary>
    public string StoragePrefix { get; set; } = string.Empty;

    /// <summary>Seconds a received message stays hidden while it is processed; after a crash it comes back
    /// this soon. Handlers take milliseconds, so a short lease loses nothing and recovers fast.</summary>
    public double QueueLeaseSeconds { get; set; } = 30;

    /// <summary>Messages each queue listener handles at once. Handlers wait on storage round trips, not the
    /// CPU, so this is well above the core count (the intake benchmark was bound by a limit of 4).</summary>
    public int QueueConcurrency { get; set; } = 16;

    /// <summary>Seconds between sweeps for journeys left pending (see <c>DurableJourneyRunner.SweepPendingAsync</c>).</summary>
    public double PendingJourneySweepSeconds { get; set; } = 120;

    /// <summary>Seconds a journey may stay pending before the sweep acts (<c>DurableJourneyRunner.StalledAfter</c>
    /// by default). Well past the control queue's visibility timeout, or the sweep restarts starts still on their way.</summary>
    public double PendingJourneyStalledSeconds { get; set; } = 600;

    /// <summary>Minutes between stalled-lead checks.</summary>
    public double StalledCheckMinutes { get; set; } = 60;

    /// <summary>Run the queue listeners and timers in this process (off for an API-only instance).</summary>
    public bool RunBackgroundWork { get; set; } = true;
}
