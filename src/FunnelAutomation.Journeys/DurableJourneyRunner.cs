using FunnelAutomation.Application.Journeys;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Journeys;

namespace FunnelAutomation.Journeys;

/// <summary><see cref="IJourneyRunner"/> on the Durable Task engine, the same on both hosts: one orchestration
/// instance per lead (<see cref="JourneyNames.InstanceId"/>), inputs as <c>journey-input</c> events, the state
/// read from the instance's custom status.
/// <para>A journey that failed (an activity out of retries) or was terminated takes no events; the next start or
/// input restarts it from the lead's stored facts, so a lead never silently stops moving. So is one left pending:
/// the engine writes a new instance's row before its start message, and a process killed between the two leaves
/// an instance that never runs (seen in the crash test). A repeated start (the intake message redelivered after
/// the crash) schedules a pending instance again; an input does so once it has been pending for
/// <see cref="OrphanedAfter"/>. The engine drops the start message that lost.</para></summary>
public sealed class DurableJourneyRunner(IJourneyInstances instances, IJourneyRestarts restarts, TimeProvider time) : IJourneyRunner
{
    /// <summary>A start message is picked up within seconds; this long pending means it was lost.</summary>
    public static readonly TimeSpan OrphanedAfter = TimeSpan.FromSeconds(30);

    public async Task StartAsync(JourneyStarted started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(started);
        var instanceId = JourneyNames.InstanceId(started.LeadId);
        var existing = await instances.GetAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (!NeedsStart(existing) && existing?.Status != JourneyRuntimeStatus.Pending)
        {
            // A redelivered or repeated start: the lead already has its journey (the decider ignores it too).
            return;
        }

        await instances.TryScheduleAsync(instanceId, new JourneyOrchestrationInput(null, started), replacePending: existing is not null, cancellationToken).ConfigureAwait(false);
    }

    public async Task RaiseAsync(string leadId, JourneyInput input, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        ArgumentNullException.ThrowIfNull(input);
        var instanceId = JourneyNames.InstanceId(leadId);
        var existing = await instances.GetAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (NeedsStart(existing) && await restarts.FromLeadAsync(leadId, cancellationToken).ConfigureAwait(false) is { } restart)
        {
            // No journey, or a dead one: the engine would drop this event. Start it again from the lead first.
            await instances.TryScheduleAsync(instanceId, new JourneyOrchestrationInput(null, restart), replacePending: existing is not null, cancellationToken).ConfigureAwait(false);
        }

        await instances.RaiseAsync(instanceId, new JourneyEvent(input), cancellationToken).ConfigureAwait(false);
    }

    public async Task<JourneyState?> GetStateAsync(string leadId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        return (await instances.GetAsync(JourneyNames.InstanceId(leadId), cancellationToken).ConfigureAwait(false))?.State;
    }

    private bool NeedsStart(JourneyInstance? instance) =>
        instance is null || instance.IsDead
        || (instance.Status == JourneyRuntimeStatus.Pending && time.GetUtcNow() - instance.CreatedAt > OrphanedAfter);

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
