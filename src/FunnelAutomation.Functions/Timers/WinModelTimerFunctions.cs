using FunnelAutomation.Application.Learning;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FunnelAutomation.Functions.Timers;

/// <summary>Nightly retraining of the win model (NCRONTAB with seconds, UTC), the same
/// <see cref="WinModelService.TrainAsync"/> the local Host runs on its timer and the train route runs on demand.</summary>
public sealed partial class WinModelTimerFunctions(WinModelService models, ILogger<WinModelTimerFunctions> logger)
{
    public const string RetrainSchedule = "0 0 3 * * *";

    [Function("WinModelRetrain")]
    public async Task RetrainAsync([TimerTrigger(RetrainSchedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var outcome = await models.TrainAsync(cancellationToken).ConfigureAwait(false);
        LogTrained(logger, outcome.Model?.Version, outcome.Activated, outcome.Refusal ?? "none");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Win model retrained: version {Version}, activated {Activated}, refusal: {Refusal}")]
    private static partial void LogTrained(ILogger logger, int? version, bool activated, string refusal);
}
