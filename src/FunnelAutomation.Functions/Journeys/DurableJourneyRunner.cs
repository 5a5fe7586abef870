using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Journeys;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace FunnelAutomation.Functions.Journeys;

/// <summary><see cref="IJourneyRunner"/> on Durable Functions: one orchestration instance per lead
/// (<see cref="JourneyNames.InstanceId"/>), inputs as <c>journey-input</c> events, the state read from the
/// instance's custom status (or its output once completed).</summary>
public sealed class DurableJourneyRunner : IJourneyRunner
{
    private readonly Func<DurableTaskClient> _client;

    public DurableJourneyRunner(DurableClientScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        _client = () => scope.Client;
    }

    public DurableJourneyRunner(DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = () => client;
    }

    public async Task StartAsync(JourneyStarted started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(started);
        var instanceId = JourneyNames.InstanceId(started.LeadId);
        var existing = await _client().GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            // A redelivered or repeated start: the lead already has its journey (the decider ignores it too).
            return;
        }

        await _client().ScheduleNewOrchestrationInstanceAsync(
            JourneyNames.Orchestrator,
            new JourneyOrchestrationInput(null, started),
            new StartOrchestrationOptions(instanceId),
            cancellationToken).ConfigureAwait(false);
    }

    public Task RaiseAsync(string leadId, JourneyInput input, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        ArgumentNullException.ThrowIfNull(input);
        return _client().RaiseEventAsync(JourneyNames.InstanceId(leadId), JourneyNames.InputEvent, new JourneyEvent(input), cancellationToken);
    }

    public async Task<JourneyState?> GetStateAsync(string leadId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        var instance = await _client().GetInstanceAsync(JourneyNames.InstanceId(leadId), getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return null;
        }

        if (instance.SerializedCustomStatus is not null)
        {
            return instance.ReadCustomStatusAs<JourneyState>();
        }

        return instance.IsCompleted && instance.SerializedOutput is not null
            ? instance.ReadOutputAs<JourneyState>()
            : instance.ReadInputAs<JourneyOrchestrationInput>()?.State;
    }

    /// <summary>GDPR erase of a journey: terminates the instance if it still runs and purges its history
    /// (inputs, custom status). True when there was an instance.</summary>
    public static async Task<bool> EraseAsync(DurableTaskClient client, string leadId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        var instanceId = JourneyNames.InstanceId(leadId);
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return false;
        }

        if (!instance.IsCompleted)
        {
            await client.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions { Output = "erased" }, cancellationToken).ConfigureAwait(false);
            await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        }

        await client.PurgeInstanceAsync(instanceId, null, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
