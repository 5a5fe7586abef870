using FunnelAutomation.Application.Analytics;
using Microsoft.Extensions.Options;

namespace FunnelAutomation.Host.Background;

/// <summary>Stalled-lead detection on a schedule (hourly by default): owners hear about leads stuck past
/// their stage's norm. The Functions app runs the same check from a timer trigger.</summary>
internal sealed partial class StalledLeadMonitor(StalledLeadAlerts alerts, IOptions<FunnelHostOptions> options, ILogger<StalledLeadMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(Math.Max(1, options.Value.StalledCheckMinutes));
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                var stalled = await alerts.CheckAsync(stoppingToken).ConfigureAwait(false);
                LogChecked(logger, stalled);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex.Message);
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stalled-lead check: {Count} stalled leads with an owner")]
    private static partial void LogChecked(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stalled-lead check failed ({Reason}); will run again")]
    private static partial void LogFailed(ILogger logger, string reason);
}
