using FunnelAutomation.Functions.Contracts;
using FunnelAutomation.Functions.Journeys;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace FunnelAutomation.Functions.Timers;

/// <summary>Scheduled sweeps (NCRONTAB with seconds, UTC). Journeys keep their own durable timers; these are
/// the safety nets and the periodic views that need every lead.</summary>
public sealed class SweepFunctions(IJourneySweeps sweeps, DurableClientScope durable, TimeProvider time, ILogger<SweepFunctions> logger)
{
    public const string ReactivationSchedule = "0 0 6 * * *";
    public const string SlaCheckSchedule = "0 */5 * * * *";
    public const string StalledLeadsSchedule = "0 0 * * * *";

    [Function("ReactivationSweep")]
    public async Task ReactivationAsync(
        [TimerTrigger(ReactivationSchedule)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        durable.Use(client);
        var count = await sweeps.ReactivationSweepAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Reactivation sweep signalled {Count} lead(s)", count);
    }

    [Function("SlaCheck")]
    public async Task SlaCheckAsync(
        [TimerTrigger(SlaCheckSchedule)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        durable.Use(client);
        var count = await sweeps.CheckSlasAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        logger.LogInformation("SLA check signalled {Count} journey(s)", count);
    }

    [Function("StalledLeadDetection")]
    public async Task StalledLeadsAsync(
        [TimerTrigger(StalledLeadsSchedule)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        durable.Use(client);
        var count = await sweeps.DetectStalledLeadsAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Stalled-lead detection flagged {Count} lead(s)", count);
    }
}
