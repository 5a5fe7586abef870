using FunnelAutomation.Application.Analytics;
using FunnelAutomation.Application.Ports;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FunnelAutomation.Functions.Timers;

/// <summary>Scheduled work (NCRONTAB with seconds, UTC). Nurture waits, rep SLAs and reactivation are durable
/// timers inside each lead's orchestration, so no sweep drives them; the timers here are the views that need
/// every lead: the stalled-lead alerts (the same <see cref="StalledLeadAlerts"/> the local Host runs on its
/// timer) and the nightly rebuild of the analytics projection.</summary>
public sealed partial class AnalyticsTimerFunctions(
    StalledLeadAlerts alerts,
    FunnelAnalyticsService analytics,
    ILeadStore leads,
    ILogger<AnalyticsTimerFunctions> logger)
{
    public const string StalledLeadsSchedule = "0 0 * * * *";
    public const string ProjectionRebuildSchedule = "0 30 2 * * *";

    /// <summary>Hourly: each owner hears about their leads stuck past their stage's norm (once per lead and stage).</summary>
    [Function("StalledLeadCheck")]
    public async Task StalledLeadsAsync([TimerTrigger(StalledLeadsSchedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var stalled = await alerts.CheckAsync(cancellationToken).ConfigureAwait(false);
        LogStalled(logger, stalled);
    }

    /// <summary>Nightly: rebuilds the projection from the lead store, repairing any drift from a lost update.</summary>
    [Function("ProjectionRebuild")]
    public async Task RebuildAsync([TimerTrigger(ProjectionRebuildSchedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var result = await analytics.RebuildAsync(leads.ListAllAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        LogRebuilt(logger, result.ToString());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stalled-lead check: {Count} stalled leads with an owner were alerted")]
    private static partial void LogStalled(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Analytics projection rebuilt: {Result}")]
    private static partial void LogRebuilt(ILogger logger, string result);
}
