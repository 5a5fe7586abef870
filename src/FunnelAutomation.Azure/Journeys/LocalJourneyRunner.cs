using FunnelAutomation.Application.Journeys;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Azure.Queues;
using FunnelAutomation.Core.Journeys;

namespace FunnelAutomation.Azure.Journeys;

/// <summary>The local host's durable workflow runner: the journey state lives in a table row (ETag
/// concurrency), inputs arrive on a queue, timers live in <see cref="JourneyTimerTable"/>. Delivery is
/// at least once; effects are exactly once because every command carries an idempotency key and the
/// pending commands are stored with the state they came from.</summary>
public sealed class LocalJourneyRunner(
    JourneyStateStore<JourneyRecord> states,
    JourneyTimerTable timers,
    EnvelopeSender events,
    IJourneyContextProvider contexts,
    IJourneyCommandExecutor executor,
    TimeProvider time) : IJourneyRunner
{
    public Task StartAsync(JourneyStarted started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(started);
        return Enqueue("start:" + started.LeadId, new JourneyEventMessage(started.LeadId, started), cancellationToken);
    }

    public Task RaiseAsync(string leadId, JourneyInput input, CancellationToken cancellationToken)
    {
        var id = input switch
        {
            CustomerActed acted => $"act:{leadId}:{acted.Action.Id}",
            LeadRescored rescored => $"rescore:{leadId}:{rescored.At.UtcTicks}:{rescored.Score}",
            _ => $"in:{leadId}:{Guid.NewGuid():N}",
        };
        return Enqueue(id, new JourneyEventMessage(leadId, input), cancellationToken);
    }

    public async Task<JourneyState?> GetStateAsync(string leadId, CancellationToken cancellationToken) =>
        (await states.GetAsync(leadId, cancellationToken).ConfigureAwait(false))?.State.State;

    /// <summary>Processes one event from <c>journey-events</c>.</summary>
    public async Task HandleAsync(JourneyEventMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var leadId = message.LeadId;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var stored = await states.GetAsync(leadId, cancellationToken).ConfigureAwait(false);
            if (stored is { State.Pending.Count: > 0 })
            {
                await FlushAsync(leadId, stored.State, stored.ETag, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (stored is null && message.Input is null)
            {
                return; // a timer outlived its journey (the lead was erased): nothing to wake
            }

            var input = message.Input ?? new TimerFired(time.GetUtcNow());
            if (stored is null && input is not JourneyStarted)
            {
                // The start may still be queued behind a backlog: wait for it without using up the failure budget.
                throw new RetryLaterException($"The journey of lead {leadId} has not started yet.", TimeSpan.FromSeconds(5));
            }

            var pipelineId = stored?.State.State.PipelineId ?? ((JourneyStarted)input).PipelineId;
            var context = await contexts.GetAsync(pipelineId, cancellationToken).ConfigureAwait(false);
            var decision = JourneyDecider.Decide(context, stored?.State.State, input);
            if (stored is not null && decision.Commands.Count == 0 && ReferenceEquals(decision.State, stored.State.State))
            {
                return;
            }

            var record = new JourneyRecord(decision.State, decision.Commands);
            var write = stored is null
                ? await states.TryInsertAsync(leadId, record, cancellationToken).ConfigureAwait(false)
                : await states.TryReplaceAsync(leadId, record, stored.ETag, cancellationToken).ConfigureAwait(false);
            if (write.Succeeded)
            {
                await FlushAsync(leadId, record, write.ETag!, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        throw new InvalidOperationException($"The journey of lead {leadId} kept changing under this event; it will be retried.");
    }

    /// <summary>Fires every journey timer due by now (called periodically by the host). Each due journey takes its
    /// step here, in parallel, not through a queue message: the timer row is the durable record (deleted only after
    /// the step), so a crash or a failed step leaves it for the next sweep, and a repeated timer step finds nothing
    /// due. That saves the queue round trips (put, claim, complete, delete) of every timer step.</summary>
    public Task<TimerSweep> SweepTimersAsync(CancellationToken cancellationToken) =>
        timers.SweepAsync(time.GetUtcNow(), (leadId, _, ct) => HandleAsync(new JourneyEventMessage(leadId, null), ct), cancellationToken);

    private async Task FlushAsync(string leadId, JourneyRecord record, string etag, CancellationToken cancellationToken)
    {
        foreach (var command in record.Pending)
        {
            switch (command)
            {
                case WakeAt wake:
                    await timers.ScheduleAsync(leadId, wake.At, cancellationToken).ConfigureAwait(false);
                    break;
                case Complete:
                    break;
                default:
                    var followUps = await executor.ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
                    for (var i = 0; i < followUps.Count; i++)
                    {
                        await Enqueue($"{command.Key}:then:{i}", new JourneyEventMessage(leadId, followUps[i]), cancellationToken).ConfigureAwait(false);
                    }

                    break;
            }
        }

        // A lost race here is harmless: whoever wins re-runs the same idempotent commands.
        await states.TryReplaceAsync(leadId, record with { Pending = [] }, etag, cancellationToken).ConfigureAwait(false);
    }

    private Task<string> Enqueue(string id, JourneyEventMessage message, CancellationToken cancellationToken) =>
        events.SendAsync(JourneyEventMessage.MessageType, id, message, cancellationToken: cancellationToken);
}
