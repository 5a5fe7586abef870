using FunnelAutomation.Core.Journeys;
using Microsoft.DurableTask;

namespace FunnelAutomation.Journeys;

/// <summary>One lead's journey as a Durable Task orchestration, the same code on both hosts: the Functions app
/// wraps it in an <c>OrchestrationTrigger</c>, the local Host registers it on DurableTask.Core's TaskHubWorker.
/// It only loops and dispatches; every decision is <see cref="JourneyDecider"/>'s.
/// <para>A run decides its pending input (the start), then waits for the earlier of the journey's timer and a
/// <c>journey-input</c> event, decides it, and continues as new after each event so the history stays short.</para></summary>
public sealed class JourneyOrchestrator : TaskOrchestrator<JourneyOrchestrationInput, JourneyState?>
{
    /// <summary>Follow-up inputs (e.g. <see cref="LeadAssigned"/> after <see cref="Reassign"/>) are decided in
    /// the same turn; a chain longer than this is a bug, not a journey.</summary>
    public const int MaxDecisionsPerTurn = 32;

    /// <summary>A failing activity (SendGrid down past its own retries, a storage hiccup, another worker in the
    /// middle of the same email) is retried with back-off instead of failing the journey: waits of 5 s, 10 s, …
    /// capped at 5 min, about 10 minutes over 8 attempts.</summary>
    public static readonly TaskOptions ActivityRetry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 8, firstRetryInterval: TimeSpan.FromSeconds(5), backoffCoefficient: 2.0, maxRetryInterval: TimeSpan.FromMinutes(5)));

    public override async Task<JourneyState?> RunAsync(TaskOrchestrationContext context, JourneyOrchestrationInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var turn = new JourneyTurn(context, input.State, input.WakeAt, input.TraceParent);
        if (input.Pending is { } pending)
        {
            await turn.DecideAsync(pending);
        }
        else
        {
            // A new generation starts with no custom status; readers of the journey must not see it vanish.
            context.SetCustomStatus(turn.State);
        }

        if (turn.Completed)
        {
            return turn.State;
        }

        // The one event waiter of this run, never abandoned. The Durable Task SDK hands an event to the oldest
        // waiter even if it was cancelled or forgotten, and that event is then lost. So when the timer wins, the
        // same waiter stays and is looked at again: an event raised while the timer's commands ran has already
        // completed it. The run only continues as new once its waiter took an event, so events raised later are
        // buffered and carried over (preserveUnprocessedEvents), never handed to a stale waiter.
        var nextEvent = context.WaitForExternalEvent<JourneyEvent>(JourneyNames.InputEvent);
        while (true)
        {
            if (turn.WakeAt is not { } wakeAt)
            {
                await turn.DecideAsync(await nextEvent);
                break;
            }

            using var timerCancellation = new CancellationTokenSource();
            var timer = context.CreateTimer(wakeAt.UtcDateTime, timerCancellation.Token);
            if (await Task.WhenAny(nextEvent, timer) == nextEvent)
            {
                // Synchronous on purpose: the cancellation callback must run on the orchestrator's thread.
#pragma warning disable CA1849
                timerCancellation.Cancel();
#pragma warning restore CA1849
                await turn.DecideAsync(await nextEvent);
                break;
            }

            turn.TimerFired();
            await turn.DecideAsync(new TimerFired(context.CurrentUtcDateTime));
            if (turn.Completed)
            {
                return turn.State;
            }
        }

        if (turn.Completed)
        {
            return turn.State;
        }

        context.ContinueAsNew(new JourneyOrchestrationInput(turn.State, null, turn.WakeAt, turn.TraceParent), preserveUnprocessedEvents: true);
        return turn.State;
    }

    /// <summary>The state and pending timer of one orchestration run, and the decide-then-dispatch step.</summary>
    private sealed class JourneyTurn(TaskOrchestrationContext context, JourneyState? state, DateTimeOffset? wakeAt, string? traceParent)
    {
        private JourneyContext? _journeyContext;
        private string? _contextKey;

        public JourneyState? State { get; private set; } = state;

        public DateTimeOffset? WakeAt { get; private set; } = wakeAt;

        public bool Completed => State?.Completed ?? throw new InvalidOperationException("A journey begins with JourneyStarted.");

        /// <summary>The trace the activities continue: the capture's, then that of the last event from outside that carried one.</summary>
        public string? TraceParent { get; private set; } = traceParent;

        public void TimerFired() => WakeAt = null;

        public Task DecideAsync(JourneyEvent received)
        {
            TraceParent = received.TraceParent ?? TraceParent;
            return DecideAsync(received.Input);
        }

        public async Task DecideAsync(JourneyInput first)
        {
            _journeyContext = null; // read afresh for every input from outside; its follow-ups share it
            var inputs = new Queue<JourneyInput>();
            inputs.Enqueue(first);
            var catchUpFrom = State is null ? first as JourneyStarted : null; // a journey's very first decision
            var decisions = 0;
            while (inputs.TryDequeue(out var received))
            {
                if (++decisions > MaxDecisionsPerTurn)
                {
                    throw new InvalidOperationException(
                        $"Journey {context.InstanceId} produced more than {MaxDecisionsPerTurn} follow-up inputs in one turn.");
                }

                // Decisions run on the engine's clock: it is replayed deterministically and it is the clock durable
                // timers fire on, so a journey never sees time run backwards. When the input was observed elsewhere
                // (the action's own record keeps that time) differs from it only by delivery latency.
                var input = received with { At = new DateTimeOffset(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc)) };
                var (journeyContext, missed) = await LoadContextAsync(input, catchUpFrom);
                catchUpFrom = null;
                var decision = JourneyDecider.Decide(journeyContext, State, input);
                State = decision.State;
                foreach (var caughtUp in missed)
                {
                    inputs.Enqueue(caughtUp); // after the start they follow, decided in this same turn
                }

                var effects = new List<JourneyCommand>();
                foreach (var command in decision.Commands)
                {
                    switch (command)
                    {
                        case WakeAt wake:
                            WakeAt = wake.At;
                            break;
                        case Complete:
                            // The decider has marked the state completed; nothing is left to run.
                            WakeAt = null;
                            break;
                        default:
                            effects.Add(command);
                            break;
                    }
                }

                if (effects.Count > 0)
                {
                    var followUps = await context.CallActivityAsync<JourneyInput[]>(
                        JourneyNames.ExecuteDecisionActivity, new JourneyDecisionRequest(effects, TraceParent), ActivityRetry);
                    foreach (var followUp in followUps ?? [])
                    {
                        inputs.Enqueue(followUp);
                    }
                }
            }

            context.SetCustomStatus(State);
        }

        /// <summary>Configuration is read through an activity (orchestrator code does no I/O), once per input and
        /// its follow-ups: a marketer may have changed it since the journey last woke. A migration pins another
        /// version, so it reads again. The first decision of a journey gets back, in the same call, the inputs it
        /// may have missed before it ran (<see cref="JourneyCatchUp"/>).</summary>
        private async Task<(JourneyContext Context, IReadOnlyList<JourneyInput> Missed)> LoadContextAsync(JourneyInput input, JourneyStarted? catchUpFrom)
        {
            var pipelineId = State?.PipelineId
                ?? (input as JourneyStarted)?.PipelineId
                ?? throw new InvalidOperationException($"A journey begins with {nameof(JourneyStarted)}, not {input.GetType().Name}.");
            var pinned = new List<SequenceVersion>();
            if (State?.Enrollment is { } enrollment)
            {
                pinned.Add(new SequenceVersion(enrollment.SequenceId, enrollment.Version));
            }

            if (input is EnrollmentMigrated migrated)
            {
                pinned.Add(new SequenceVersion(migrated.SequenceId, migrated.ToVersion));
            }

            var key = pipelineId + "|" + string.Join(",", pinned);
            if (_journeyContext is null || _contextKey != key || catchUpFrom is not null)
            {
                var snapshot = await context.CallActivityAsync<JourneyContextSnapshot>(
                    JourneyNames.LoadContextActivity, new JourneyContextRequest(pipelineId, pinned, catchUpFrom), ActivityRetry);
                _journeyContext = snapshot.ToContext();
                _contextKey = key;
                return (_journeyContext, snapshot.Missed ?? []);
            }

            return (_journeyContext, []);
        }
    }
}
