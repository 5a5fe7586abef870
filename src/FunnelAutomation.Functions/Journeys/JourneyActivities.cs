using FunnelAutomation.Application.Journeys;
using FunnelAutomation.Core.Journeys;
using Microsoft.Azure.Functions.Worker;

namespace FunnelAutomation.Functions.Journeys;

/// <summary>The journey orchestration's side effects: reading configuration and carrying out commands.
/// Activities run at least once; the executor makes each command's effect happen once by its key.</summary>
public sealed class JourneyActivities(IJourneyCommandExecutor executor, IJourneyContextProvider contexts)
{
    [Function(JourneyNames.ExecuteCommandActivity)]
    public async Task<JourneyInput[]> ExecuteCommandAsync([ActivityTrigger] JourneyCommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var followUps = await executor.ExecuteAsync(request.Command, cancellationToken).ConfigureAwait(false);
        return [.. followUps];
    }

    [Function(JourneyNames.LoadContextActivity)]
    public async Task<JourneyContextSnapshot> LoadContextAsync([ActivityTrigger] JourneyContextRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = await contexts.GetAsync(request.PipelineId, cancellationToken).ConfigureAwait(false);
        return JourneyContextSnapshot.From(context, request.Pinned);
    }
}
