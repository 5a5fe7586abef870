using System.Runtime.CompilerServices;
using DurableTask.AzureStorage;
using DurableTask.AzureStorage.Tracking;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Journeys;
using Microsoft.DurableTask;

namespace FunnelAutomation.Host.Journeys;

/// <summary><see cref="IJourneyInstances"/> over DurableTask.Core's <see cref="TaskHubClient"/>: what the
/// Functions app does through <c>DurableTaskClient</c>, here against the same Azure Storage task hub.</summary>
internal sealed class TaskHubJourneyInstances(TaskHubClient client, AzureStorageOrchestrationService service, DataConverter converter) : IJourneyInstances
{
    // Starting again is refused only while an instance lives; a completed, failed or terminated one is replaced.
    private static readonly OrchestrationStatus[] LiveStatuses = [OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.ContinuedAsNew, OrchestrationStatus.Suspended];
    private static readonly OrchestrationStatus[] RunningStatuses = [OrchestrationStatus.Running, OrchestrationStatus.ContinuedAsNew, OrchestrationStatus.Suspended];

    public async Task<JourneyInstance?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        var state = await client.GetOrchestrationStateAsync(instanceId).ConfigureAwait(false);
        return state is null ? null : ToJourney(state);
    }

    public async IAsyncEnumerable<ListedJourney> ListAsync(JourneyRuntimeStatus status, DateTimeOffset createdBefore, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var condition = new OrchestrationInstanceStatusQueryCondition
        {
            RuntimeStatus = [status == JourneyRuntimeStatus.Failed ? OrchestrationStatus.Failed : OrchestrationStatus.Pending],
            CreatedTimeTo = createdBefore.UtcDateTime,
            InstanceIdPrefix = JourneyNames.InstancePrefix,
            FetchOutput = false,
        };
        string? continuation = null;
        do
        {
            var page = await service.GetOrchestrationStateAsync(condition, 100, continuation, cancellationToken).ConfigureAwait(false);
            foreach (var state in page.OrchestrationState)
            {
                yield return new ListedJourney(state.OrchestrationInstance.InstanceId, ToJourney(state));
            }

            continuation = page.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(continuation));
    }

    public async Task<bool> TryScheduleAsync(string instanceId, JourneyOrchestrationInput input, bool replacePending, CancellationToken cancellationToken)
    {
        try
        {
            await client.CreateOrchestrationInstanceAsync(JourneyNames.Orchestrator, string.Empty, instanceId, input, null, replacePending ? RunningStatuses : LiveStatuses).ConfigureAwait(false);
            return true;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return false;
        }
    }

    public Task RaiseAsync(string instanceId, JourneyEvent journeyEvent, CancellationToken cancellationToken) =>
        client.RaiseEventAsync(new OrchestrationInstance { InstanceId = instanceId }, JourneyNames.InputEvent, journeyEvent);

    public async Task TerminateAsync(string instanceId, string reason, CancellationToken cancellationToken)
    {
        var instance = new OrchestrationInstance { InstanceId = instanceId };
        await client.TerminateInstanceAsync(instance, reason).ConfigureAwait(false);
        await client.WaitForOrchestrationAsync(instance, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken) =>
        (await service.PurgeInstanceHistoryAsync(instanceId).ConfigureAwait(false)).InstancesDeleted > 0;

    private JourneyInstance ToJourney(OrchestrationState state)
    {
        // The custom status is the latest state; a generation that has not run yet still carries it in its input.
        var journey = state.Status is { Length: > 0 } custom && custom != "null"
            ? converter.Deserialize<JourneyState>(custom)
            : state.Input is { Length: > 0 } input ? converter.Deserialize<JourneyOrchestrationInput>(input)?.State : null;
        return new JourneyInstance(Map(state.OrchestrationStatus), journey, Utc(state.CreatedTime), Utc(state.LastUpdatedTime));
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    private static JourneyRuntimeStatus Map(OrchestrationStatus status) => status switch
    {
        OrchestrationStatus.Pending => JourneyRuntimeStatus.Pending,
        OrchestrationStatus.Running or OrchestrationStatus.ContinuedAsNew => JourneyRuntimeStatus.Running,
        OrchestrationStatus.Completed => JourneyRuntimeStatus.Completed,
        OrchestrationStatus.Failed => JourneyRuntimeStatus.Failed,
        OrchestrationStatus.Terminated or OrchestrationStatus.Canceled => JourneyRuntimeStatus.Terminated,
        _ => JourneyRuntimeStatus.Other,
    };
}
