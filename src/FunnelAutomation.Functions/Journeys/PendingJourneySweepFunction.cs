using FunnelAutomation.Journeys;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace FunnelAutomation.Functions.Journeys;

/// <summary>The Functions side of <see cref="DurableJourneyRunner.SweepAsync"/> (the local Host runs the same
/// sweep from a background service): journeys left pending are nudged or restarted, and failed ones restarted, by
/// the shared runner.</summary>
public sealed partial class PendingJourneySweepFunction(DurableJourneyRunner runner, DurableClientScope durable, TimeProvider time, ILogger<PendingJourneySweepFunction> logger)
{
    /// <summary>Every two minutes (NCRONTAB with seconds, UTC).</summary>
    public const string Schedule = "0 */2 * * * *";

    [Function("PendingJourneySweep")]
    public async Task SweepAsync([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        durable.Use(client);
        var swept = await runner.SweepAsync(time.GetUtcNow(), JourneySweepTimes.Default, cancellationToken).ConfigureAwait(false);
        if (!swept.IsEmpty)
        {
            LogSwept(logger, swept.ToString());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journeys swept: {Swept}")]
    private static partial void LogSwept(ILogger logger, string swept);
}
