using FunnelAutomation.Azure.Journeys;
using Microsoft.Extensions.Options;

namespace FunnelAutomation.Host.Background;

/// <summary>Fires due journey timers (nurture waits, rep SLAs, reactivation after the quiet period) by
/// sweeping the timer table on the host's clock; the due journeys step in this service. Two hosts may sweep at
/// once: a journey's state is written with its ETag, and a repeated timer step finds nothing due.</summary>
internal sealed partial class JourneyTimerSweeper(LocalJourneyRunner runner, IOptions<FunnelHostOptions> options, ILogger<JourneyTimerSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(0.1, options.Value.TimerSweepSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var sweep = await runner.SweepTimersAsync(stoppingToken).ConfigureAwait(false);
                if (sweep.Failed > 0)
                {
                    LogStepsFailed(logger, sweep.Failed, sweep.FirstError);
                }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Failed} journey timer steps failed and stay for the next sweep; first: {FirstError}")]
    private static partial void LogStepsFailed(ILogger logger, int failed, string? firstError);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer sweep failed ({Reason}); will retry")]
    private static partial void LogSweepFailed(ILogger logger, string reason);
}
