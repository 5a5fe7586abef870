using FunnelAutomation.Azure.Journeys;
using Microsoft.Extensions.Options;

namespace FunnelAutomation.Host.Background;

/// <summary>Fires due journey timers (nurture waits, rep SLAs, reactivation after the quiet period) by
/// sweeping the timer table on the host's clock. Two hosts may sweep at once: events are deduplicated.</summary>
internal sealed partial class JourneyTimerSweeper(LocalJourneyRunner runner, IOptions<FunnelHostOptions> options, ILogger<JourneyTimerSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(0.1, options.Value.TimerSweepSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await runner.SweepTimersAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is global::Azure.RequestFailedException or HttpRequestException or AggregateException)
            {
                LogSweepFailed(logger, ex.Message);
            }

            try
            {
                await Task.Delay(interval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer sweep failed ({Reason}); will retry")]
    private static partial void LogSweepFailed(ILogger logger, string reason);
}
