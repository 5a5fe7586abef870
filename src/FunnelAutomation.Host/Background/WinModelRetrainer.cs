using FunnelAutomation.Application.Learning;
using Microsoft.Extensions.Options;

namespace FunnelAutomation.Host.Background;

/// <summary>Retrains the win model on a schedule (daily by default, first after one interval, not at start): new
/// closed leads reach the model without anyone asking. A model the policy refuses is stored, never activated. The
/// Functions app runs the same <see cref="WinModelService.TrainAsync"/> from a timer trigger.</summary>
internal sealed partial class WinModelRetrainer : BackgroundService
{
    private readonly WinModelService _models;
    private readonly IOptions<FunnelHostOptions> _options;
    private readonly ILogger<WinModelRetrainer> _logger;
    private readonly TimeProvider _schedule;

    /// <summary>The Host's (the one public constructor, so DI takes it): the schedule runs on the wall clock, not on
    /// the Host's TimeProvider, which tests replace and move by days (that must not retrain mid-test).</summary>
    public WinModelRetrainer(WinModelService models, IOptions<FunnelHostOptions> options, ILogger<WinModelRetrainer> logger)
        : this(models, options, logger, TimeProvider.System)
    {
    }

    /// <summary>With the clock the schedule waits on (a test's fake one).</summary>
    internal WinModelRetrainer(WinModelService models, IOptions<FunnelHostOptions> options, ILogger<WinModelRetrainer> logger, TimeProvider schedule)
    {
        _models = models;
        _options = options;
        _logger = logger;
        _schedule = schedule;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(_options.Value.WinModelRetrainHours), _schedule);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    var outcome = await _models.TrainAsync(stoppingToken).ConfigureAwait(false);
                    LogTrained(_logger, outcome.Model?.Version, outcome.Activated, outcome.Refusal ?? "none");
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(_logger, ex.Message);
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
