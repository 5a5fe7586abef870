using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Application.Journeys;
using FunnelAutomation.Core.Analytics;
using FunnelAutomation.Core.Journeys;

namespace FunnelAutomation.Application.Analytics;

/// <summary>Stalled-lead detection: finds open leads that have stayed in a stage longer than its norm and
/// tells each owner once per lead and stage (the notification's idempotency key), so running the check
/// every hour, on two hosts at once, never nags twice.</summary>
public sealed class StalledLeadAlerts(FunnelAnalyticsService analytics, ConfigurationService configuration, IJourneyCommandExecutor executor)
{
    public const int MaxAlertsPerPipeline = 1000;

    /// <summary>Returns how many stalled leads with an owner were found (each alerted at most once ever).</summary>
    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        var config = await configuration.GetAsync(cancellationToken).ConfigureAwait(false);
        var found = 0;
        foreach (var pipeline in config.Pipelines.Values)
        {
            var report = await analytics.GetFunnelAsync(new FunnelQuery { PipelineId = pipeline.Id, StalledLimit = MaxAlertsPerPipeline }, cancellationToken).ConfigureAwait(false);
            foreach (var stalled in report.Stalled)
            {
                if (stalled.OwnerRepId is not { Length: > 0 } owner)
                {
                    continue;
                }

                var stage = pipeline.FindStage(stalled.StageId)?.Name ?? stalled.StageId;
                var message = $"This lead has been in \"{stage}\" for {stalled.DaysInStage:0} days (the norm is {stalled.NormDays}): move it on or close it.";
                await executor.ExecuteAsync(new NotifyRep($"{stalled.LeadId}:stalled:{stalled.StageId}", stalled.LeadId, owner, message), cancellationToken).ConfigureAwait(false);
                found++;
            }
        }

        return found;
    }
}
