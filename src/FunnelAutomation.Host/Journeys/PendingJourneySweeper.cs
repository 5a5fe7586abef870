using FunnelAutomation.Journeys;
using Microsoft.Extensions.Options;

namespace FunnelAutomation.Host.Journeys;

/// <summary>Runs <see cref="DurableJourneyRunner.SweepAsync"/> on a schedule, as the Functions app's
/// <c>PendingJourneySweep</c> timer does: journeys left pending, and failed ones, are recovered there, not here.</summary>
internal sealed partial class PendingJourneySweeper(DurableJourneyRunner runner, IOptions<FunnelHostOptions> options, ILogger<PendingJourneySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var times = new JourneySweepTimes(
            TimeSpan.FromSeconds(Math.Max(1, options.Value.PendingJourneyStalledSeconds)),
            TimeSpan.FromSeconds(Math.Max(1, options.Value.FailedJourneyRetrySeconds)));
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.PendingJourneySweepSeconds)));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    // The engine stamps an instance's creation on the wall clock, so its age is measured on that clock
                    // (not on the Host's TimeProvider, which tests replace).
                    var swept = await runner.SweepAsync(TimeProvider.System.GetUtcNow(), times, stoppingToken).ConfigureAwait(false);
                    if (!swept.IsEmpty)
                    {
                        LogSwept(logger, swept.ToString());
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(logger, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journeys swept: {Swept}")]
    private static partial void LogSwept(ILogger logger, string swept);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journey sweep failed ({Reason}); will run again")]
    private static partial void LogFailed(ILogger logger, string reason);
}
