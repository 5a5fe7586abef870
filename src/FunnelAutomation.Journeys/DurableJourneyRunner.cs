using FunnelAutomation.Application.Journeys;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Application.Telemetry;
using FunnelAutomation.Core.Journeys;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FunnelAutomation.Journeys;

/// <summary><see cref="IJourneyRunner"/> on the Durable Task engine, the same on both hosts: one orchestration
/// instance per lead (<see cref="JourneyNames.InstanceId"/>), inputs as <c>journey-input</c> events, the state
/// read from the instance's custom status.
/// <para>A journey that failed (an activity out of retries) or was terminated takes no events; the next start or
/// input restarts it from the lead's stored facts, and the sweep (<see cref="SweepAsync"/>) restarts a failed one
/// that gets no input, so a lead never silently stops moving.</para>
/// <para>A pending journey is left to the engine: its start message was put before its row was written, so the
/// engine runs it (after a kill, once the message's visibility timeout ends). Re-creating it here would overwrite
/// the row while the engine may already run it: a kill between the first episode's History and Instances writes
/// leaves a live journey whose row says Pending. The overwrite gives the row a new execution id, generation and
/// creation time; the live execution's next episode writes its own execution id and custom status back but no
/// status, and the provider then drops the new start as a duplicate (same generation, scheduled after the row
/// changed). That is the journey the kill/restart bench found Pending for good. What does stay pending — a live
/// journey with a stale row, or, should it ever happen, a start that was lost — is recovered by
/// <see cref="SweepAsync"/>, which both hosts run on a timer.</para>
/// <para>A new journey's first turn (the start: enrolment, the welcome, the first timer) is taken by the caller of
/// <see cref="StartAsync"/> with the same <see cref="JourneyActivities"/> the engine would run, and the instance is
/// created with the state it left: the engine's first episode then only sets the timer. Taking it in the engine
/// costs an activity and a second episode, about nine storage requests per lead, and puts those round trips before
/// the welcome (issue 14). Should the turn fail, the instance is created with the start still to decide, and the
/// engine takes it with its activity retries; each command's effect happens once by its key either way.</para></summary>
public sealed partial class DurableJourneyRunner(
    IJourneyInstances instances,
    IJourneyRestarts restarts,
    JourneyActivities? firstTurn = null,
    ILogger<DurableJourneyRunner>? logger = null,
    TimeProvider? engineClock = null) : IJourneyRunner
{
    private readonly ILogger _logger = logger ?? NullLogger<DurableJourneyRunner>.Instance;

    /// <summary>The clock the engine's timers fire on (the wall clock), which a first turn taken here decides at.</summary>
    private readonly TimeProvider _engineClock = engineClock ?? TimeProvider.System;

    /// <summary>How long a journey may be pending before the sweep acts: well past the control queue's visibility
    /// timeout (host.json: 1 minute), after which a start message taken by a killed process is visible again.</summary>
    public static readonly TimeSpan StalledAfter = TimeSpan.FromMinutes(10);

    /// <summary>How long the sweep waits for the engine to record a stalled journey as terminated.</summary>
    private static readonly TimeSpan TerminateWait = TimeSpan.FromSeconds(60);

    public Task StartAsync(JourneyStarted started, CancellationToken cancellationToken) =>
        BeginAsync(started, created: null, cancellationToken);

    /// <summary>For a lead its caller has just created, no look first: no journey can exist for a lead that did not
    /// (an erase purges the journey before it deletes the lead), and should one exist after all (a sign-up racing an
    /// erase), the create is refused while it lives and every command of the turn repeated nothing by its key. Saves
    /// the Instances read, and the first turn's read of the lead and of its suppression entry (issue 14).</summary>
    public Task StartAsync(JourneyStarted started, CreatedLead created, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(created);
        return BeginAsync(started, created, cancellationToken);
    }

    private async Task BeginAsync(JourneyStarted started, CreatedLead? created, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(started);
        var instanceId = JourneyNames.InstanceId(started.LeadId);
        if (created is null && await instances.GetAsync(instanceId, cancellationToken).ConfigureAwait(false) is { IsDead: false })
        {
            // A redelivered or repeated start: the lead already has its journey, pending or running.
            return;
        }

        var traceParent = FunnelTelemetry.CurrentTraceParent();
        var input = await TakeFirstTurnAsync(started, created, traceParent, cancellationToken).ConfigureAwait(false)
            ?? new JourneyOrchestrationInput(null, started, TraceParent: traceParent);
        await instances.TryScheduleAsync(instanceId, input, replacePending: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The start decided and carried out here, at the engine's clock (the wall clock its timers fire on),
    /// or null when there is no <see cref="JourneyActivities"/> or the turn failed.</summary>
    private async Task<JourneyOrchestrationInput?> TakeFirstTurnAsync(JourneyStarted started, CreatedLead? created, string? traceParent, CancellationToken cancellationToken)
    {
        if (firstTurn is null)
        {
            return null;
        }

        try
        {
            // No catch-up read of the action log: an action logged from here on finds no instance yet or ours. If none,
            // its own processing starts the journey from the lead (with the catch-up) and then raises it, and our
            // create is dropped as a duplicate; if ours, the action is raised to it. Either way the journey gets it.
            var request = new JourneyTurnRequest(null, started, _engineClock.GetUtcNow(), null, traceParent, CatchUp: false);
            var result = await firstTurn.TakeFirstTurnAsync(request, created, cancellationToken).ConfigureAwait(false);
            return new JourneyOrchestrationInput(result.State, null, result.WakeAt, traceParent);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFirstTurnFailed(_logger, ex, started.LeadId);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The first journey turn of lead {LeadId} failed here; the engine takes it with its retries")]
    private static partial void LogFirstTurnFailed(ILogger logger, Exception exception, string leadId);

    public async Task RaiseAsync(string leadId, JourneyInput input, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        ArgumentNullException.ThrowIfNull(input);
        var instanceId = JourneyNames.InstanceId(leadId);
        var existing = await instances.GetAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (existing is null or { IsDead: true })
        {
            // No journey, or a dead one: the engine would drop this event. Start it again from the lead first.
            await RestartAsync(leadId, instanceId, replacePending: false, cancellationToken).ConfigureAwait(false);
        }

        await instances.RaiseAsync(instanceId, new JourneyEvent(input, FunnelTelemetry.CurrentTraceParent()), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How long after a failure the sweep restarts the journey (see <see cref="FailedJourneyRecovery"/>).</summary>
    public static readonly TimeSpan RetryFailedAfter = TimeSpan.FromHours(1);

    /// <summary>Recovers every journey pending longer than <see cref="JourneySweepTimes.StalledAfter"/>, as
    /// <see cref="PendingJourneyRecovery"/> decides: a live one is nudged with a timer check, so it continues as new
    /// and its row says Running; one that never ran is terminated and scheduled again from the lead. Then restarts
    /// from the lead every journey that failed at least <see cref="JourneySweepTimes.RetryFailedAfter"/> ago.
    /// <paramref name="now"/> is on the engine's clock (the wall clock that stamps an instance's times). Safe to run
    /// on several hosts at once: a nudge is harmless twice, and a second restart finds the first one's fresh
    /// instance.</summary>
    public async Task<JourneySweep> SweepAsync(DateTimeOffset now, JourneySweepTimes times, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(times);
        var (nudged, restarted, retried) = (new List<string>(), new List<string>(), new List<string>());
        await foreach (var pending in instances.ListAsync(JourneyRuntimeStatus.Pending, now - times.StalledAfter, cancellationToken).ConfigureAwait(false))
        {
            if (JourneyNames.LeadId(pending.InstanceId) is not { } leadId)
            {
                continue;
            }

            switch (PendingJourneyRecovery.For(pending.Instance, now, times.StalledAfter))
            {
                case PendingJourneyAction.Nudge:
                    await instances.RaiseAsync(pending.InstanceId, new JourneyEvent(new TimerFired(now)), cancellationToken).ConfigureAwait(false);
                    nudged.Add(pending.InstanceId);
                    break;
                case PendingJourneyAction.Restart when await RestartStalledAsync(leadId, pending.InstanceId, cancellationToken).ConfigureAwait(false):
                    restarted.Add(pending.InstanceId);
                    break;
            }
        }

        await foreach (var failed in instances.ListAsync(JourneyRuntimeStatus.Failed, now, cancellationToken).ConfigureAwait(false))
        {
            // A lead erased since has no facts to restart from (and its instance was purged with it).
            if (JourneyNames.LeadId(failed.InstanceId) is { } leadId
                && FailedJourneyRecovery.IsDue(failed.Instance, now, times.RetryFailedAfter)
                && await RestartAsync(leadId, failed.InstanceId, replacePending: false, cancellationToken).ConfigureAwait(false))
            {
                retried.Add(failed.InstanceId);
            }
        }

        return new JourneySweep(nudged, restarted, retried);
    }

    private async Task<bool> RestartAsync(string leadId, string instanceId, bool replacePending, CancellationToken cancellationToken) =>
        await restarts.FromLeadAsync(leadId, cancellationToken).ConfigureAwait(false) is { } restart
        && await instances.TryScheduleAsync(instanceId, new JourneyOrchestrationInput(null, restart, TraceParent: FunnelTelemetry.CurrentTraceParent()), replacePending, cancellationToken).ConfigureAwait(false);

    /// <summary>A journey pending all this time without a decision: its start is taken as lost. It is terminated
    /// through the engine first (which records Terminated for an instance that never started, and ends one that did
    /// start after all), so the new start follows whatever the engine holds instead of racing it; only a row the
    /// terminate did not move (still pending) is overwritten.</summary>
    private async Task<bool> RestartStalledAsync(string leadId, string instanceId, CancellationToken cancellationToken)
    {
        if (await restarts.FromLeadAsync(leadId, cancellationToken).ConfigureAwait(false) is not { } restart)
        {
            return false;
        }

        using (var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            bounded.CancelAfter(TerminateWait);
            try
            {
                await instances.TerminateAsync(instanceId, "start lost: restarted from the lead", bounded.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Not recorded as ended in time: the overwrite below applies if it is still pending.
            }
        }

        var input = new JourneyOrchestrationInput(null, restart);
        return await instances.TryScheduleAsync(instanceId, input, replacePending: false, cancellationToken).ConfigureAwait(false)
            || await instances.TryScheduleAsync(instanceId, input, replacePending: true, cancellationToken).ConfigureAwait(false);
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

/// <summary>The sweep's bounds: how long a journey may stay pending, and how long after failing it is restarted.</summary>
public sealed record JourneySweepTimes(TimeSpan StalledAfter, TimeSpan RetryFailedAfter)
{
    public static JourneySweepTimes Default { get; } = new(DurableJourneyRunner.StalledAfter, DurableJourneyRunner.RetryFailedAfter);
}

/// <summary>What one <see cref="DurableJourneyRunner.SweepAsync"/> did: the instances it nudged, restarted after a
/// lost start, and restarted after a failure.</summary>
public sealed record JourneySweep(IReadOnlyList<string> Nudged, IReadOnlyList<string> Restarted, IReadOnlyList<string> RetriedAfterFailure)
{
    public bool IsEmpty => Nudged.Count == 0 && Restarted.Count == 0 && RetriedAfterFailure.Count == 0;

    /// <summary>For a log line: counts, and the first few instance ids of each.</summary>
    public override string ToString() =>
        $"{Nudged.Count} running under a stale Pending status nudged [{string.Join(", ", Nudged.Take(5))}], " +
        $"{Restarted.Count} whose start was lost restarted [{string.Join(", ", Restarted.Take(5))}], " +
        $"{RetriedAfterFailure.Count} that had failed restarted from their leads [{string.Join(", ", RetriedAfterFailure.Take(5))}]";
}
