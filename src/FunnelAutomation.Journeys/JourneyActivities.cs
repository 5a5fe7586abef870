using FunnelAutomation.Application.Journeys;
using FunnelAutomation.Core.Journeys;

namespace FunnelAutomation.Journeys;

/// <summary>The journey orchestration's side effects: reading configuration and carrying out a decision's
/// commands. Both hosts register these two methods as the activities named in <see cref="JourneyNames"/>.
/// Activities run at least once; the executor makes each command's effect happen once by its key, so a retried
/// decision whose first commands already ran repeats nothing.</summary>
public sealed class JourneyActivities(IJourneyCommandExecutor executor, IJourneyContextProvider contexts, IJourneyCatchUpSource catchUp)
{
    public async Task<JourneyInput[]> ExecuteDecisionAsync(JourneyDecisionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var followUps = new List<JourneyInput>();
        foreach (var command in request.Commands)
        {
            followUps.AddRange(await executor.ExecuteAsync(command, cancellationToken).ConfigureAwait(false));
        }

        return [.. followUps];
    }

    public async Task<JourneyContextSnapshot> LoadContextAsync(JourneyContextRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = await contexts.GetAsync(request.PipelineId, cancellationToken).ConfigureAwait(false);
        var missed = request.CatchUpFrom is { } started ? await catchUp.MissedAsync(started, cancellationToken).ConfigureAwait(false) : null;
        return JourneyContextSnapshot.From(context, request.Pinned, missed);
    }
}
