using FunnelAutomation.Application.Journeys;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Journeys;

namespace FunnelAutomation.Journeys;

/// <summary><see cref="IJourneyRunner"/> on the Durable Task engine, the same on both hosts: one orchestration
/// instance per lead (<see cref="JourneyNames.InstanceId"/>), inputs as <c>journey-input</c> events, the state
/// read from the instance's custom status.
/// <para>A journey that failed (an activity out of retries) or was terminated takes no events; the next start or
/// input restarts it from the lead's stored facts, so a lead never silently stops moving.</para></summary>
public sealed class DurableJourneyRunner(IJourneyInstances instances, IJourneyRestarts restarts) : IJourneyRunner
{
    public async Task StartAsync(JourneyStarted started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(started);
        var instanceId = JourneyNames.InstanceId(started.LeadId);
        var existing = await instances.GetAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (existing is { IsDead: false })
        {
            // A redelivered or repeated start: the lead already has its journey (the decider ignores it too).
            return;
        }

        await instances.TryScheduleAsync(instanceId, new JourneyOrchestrationInput(null, started), cancellationToken).ConfigureAwait(false);
    }

    public async Task RaiseAsync(string leadId, JourneyInput input, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        ArgumentNullException.ThrowIfNull(input);
        var instanceId = JourneyNames.InstanceId(leadId);
        var existing = await instances.GetAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (existing is null or { IsDead: true } && await restarts.FromLeadAsync(leadId, cancellationToken).ConfigureAwait(false) is { } restart)
        {
            // No journey, or a dead one: the engine would drop this event. Start it again from the lead first.
            await instances.TryScheduleAsync(instanceId, new JourneyOrchestrationInput(null, restart), cancellationToken).ConfigureAwait(false);
        }

        await instances.RaiseAsync(instanceId, new JourneyEvent(input), cancellationToken).ConfigureAwait(false);
    }

    public async Task<JourneyState?> GetStateAsync(string leadId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        return (await instances.GetAsync(JourneyNames.InstanceId(leadId), cancellationToken).ConfigureAwait(false))?.State;
    }

    /// <summary>GDPR erase of a journey: terminates the instance if it still runs and purges its history (inputs,
    /// custom status). True when there was an instance.</summary>
    public async Task<bool> EraseAsync(string leadId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        var instanceId = JourneyNames.InstanceId(leadId);
        var instance = await instances.GetAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return false;
        }

        if (instance.IsRunning)
        {
            await instances.TerminateAsync(instanceId, "erased", cancellationToken).ConfigureAwait(false);
        }

        await instances.PurgeAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
