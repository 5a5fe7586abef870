using System.Runtime.CompilerServices;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Journeys;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace FunnelAutomation.Functions.Journeys;

/// <summary><see cref="IJourneyInstances"/> over the Functions app's <see cref="DurableTaskClient"/> (reached per
/// invocation through <see cref="DurableClientScope"/>).</summary>
public sealed class DurableClientInstances(DurableClientScope scope) : IJourneyInstances
{
    public async Task<JourneyInstance?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        var instance = await scope.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        return instance is null ? null : ToJourney(instance);
    }

    public async IAsyncEnumerable<ListedJourney> ListAsync(JourneyRuntimeStatus status, DateTimeOffset createdBefore, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = new OrchestrationQuery
        {
            Statuses = [status == JourneyRuntimeStatus.Failed ? OrchestrationRuntimeStatus.Failed : OrchestrationRuntimeStatus.Pending],
            CreatedTo = createdBefore,
            InstanceIdPrefix = JourneyNames.InstancePrefix,
            FetchInputsAndOutputs = true,
        };
        await foreach (var instance in scope.Client.GetAllInstancesAsync(query).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return new ListedJourney(instance.InstanceId, ToJourney(instance));
        }
    }

    public async Task<bool> TryScheduleAsync(string instanceId, JourneyOrchestrationInput input, bool replacePending, CancellationToken cancellationToken)
    {
        try
        {
            // Durable Functions replaces a completed, failed or terminated instance of the same id, and refuses a live
            // one; the host's overridable states decide for a pending one, so replacePending is best effort here (the
            // sweep's restart of a start that was lost; a live journey under a stale Pending row is nudged instead).
            await scope.Client.ScheduleNewOrchestrationInstanceAsync(JourneyNames.Orchestrator, input, new StartOrchestrationOptions(instanceId), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public Task RaiseAsync(string instanceId, JourneyEvent journeyEvent, CancellationToken cancellationToken) =>
        scope.Client.RaiseEventAsync(instanceId, JourneyNames.InputEvent, journeyEvent, cancellationToken);

    public async Task TerminateAsync(string instanceId, string reason, CancellationToken cancellationToken)
    {
        await scope.Client.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions { Output = reason }, cancellationToken).ConfigureAwait(false);
        await scope.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken) =>
        (await scope.Client.PurgeInstanceAsync(instanceId, null, cancellationToken).ConfigureAwait(false)).PurgedInstanceCount > 0;

    private static JourneyInstance ToJourney(OrchestrationMetadata instance)
    {
        // The custom status is the latest state; a generation that has not run yet still carries it in its input.
        var state = (instance.SerializedCustomStatus is not null ? instance.ReadCustomStatusAs<JourneyState>() : null)
            ?? instance.ReadInputAs<JourneyOrchestrationInput>()?.State;
        return new JourneyInstance(Map(instance.RuntimeStatus), state, instance.CreatedAt, instance.LastUpdatedAt);
    }

    private static JourneyRuntimeStatus Map(OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Pending => JourneyRuntimeStatus.Pending,
        OrchestrationRuntimeStatus.Running => JourneyRuntimeStatus.Running,
        OrchestrationRuntimeStatus.Completed => JourneyRuntimeStatus.Completed,
        OrchestrationRuntimeStatus.Failed => JourneyRuntimeStatus.Failed,
        OrchestrationRuntimeStatus.Terminated => JourneyRuntimeStatus.Terminated,
        _ => JourneyRuntimeStatus.Other,
    };
}
