using FunnelAutomation.Application.Analytics;
using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Analytics;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FunnelAutomation.Functions.Timers;

/// <summary>Scheduled work (NCRONTAB with seconds, UTC). Nurture waits, rep SLAs and reactivation are durable
/// timers inside each lead's orchestration, so no sweep drives them; the timers here are the views that need
/// every lead: the stalled-lead check and the nightly rebuild of the analytics projection.</summary>
public sealed partial class AnalyticsTimerFunctions(
    FunnelAnalyticsService analytics,
    ConfigurationService configuration,
    ILeadStore leads,
    ILogger<AnalyticsTimerFunctions> logger)
{
    public const string StalledLeadsSchedule = "0 0 * * * *";
    public const string ProjectionRebuildSchedule = "0 30 2 * * *";

    /// <summary>Hourly: per pipeline, how many open leads sit in a stage longer than its norm (logged, so an
    /// alert can be set on it in Application Insights).</summary>
    [Function("StalledLeadCheck")]
    public async Task StalledLeadsAsync([TimerTrigger(StalledLeadsSchedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var config = await configuration.GetAsync(cancellationToken).ConfigureAwait(false);
        foreach (var pipeline in config.Pipelines.Values)
        {
            var report = await analytics.GetFunnelAsync(new FunnelQuery { PipelineId = pipeline.Id, StalledLimit = 0 }, cancellationToken).ConfigureAwait(false);
            LogStalled(logger, pipeline.Id, report.StalledCount);
        }
    }

    /// <summary>Nightly: rebuilds the projection from the lead store, repairing any drift from a lost update.</summary>
    [Function("ProjectionRebuild")]
    public async Task RebuildAsync([TimerTrigger(ProjectionRebuildSchedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var result = await analytics.RebuildAsync(leads.ListAllAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        LogRebuilt(logger, result.ToString());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {PipelineId}: {Stalled} stalled lead(s)")]
    private static partial void LogStalled(ILogger logger, string pipelineId, int stalled);

    [LoggerMessage(Level = LogLevel.Information, Message = "Analytics projection rebuilt: {Result}")]
    private static partial void LogRebuilt(ILogger logger, string result);
}
