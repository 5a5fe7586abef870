using FunnelAutomation.Application.Learning;
using Microsoft.Extensions.Options;

namespace FunnelAutomation.Host.Background;

/// <summary>Retrains the win model on a schedule (daily by default, first after one interval, not at start): new
/// closed leads reach the model without anyone asking. A model the policy refuses is stored, never activated. The
/// Functions app runs the same <see cref="WinModelService.TrainAsync"/> from a timer trigger.</summary>
internal sealed partial class WinModelRetrainer(WinModelService models, IOptions<FunnelHostOptions> options, ILogger<WinModelRetrainer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(options.Value.WinModelRetrainHours));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    var outcome = await models.TrainAsync(stoppingToken).ConfigureAwait(false);
                    LogTrained(logger, outcome.Model?.Version, outcome.Activated, outcome.Refusal ?? "none");
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Win model retrained: version {Version}, activated {Activated}, refusal: {Refusal}")]
    private static partial void LogTrained(ILogger logger, int? version, bool activated, string refusal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Win model retraining failed ({Reason}); will run again")]
    private static partial void LogFailed(ILogger logger, string reason);
}
