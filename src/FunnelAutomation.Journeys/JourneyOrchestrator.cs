using FunnelAutomation.Core.Journeys;
using Microsoft.DurableTask;

namespace FunnelAutomation.Journeys;

/// <summary>One lead's journey as a Durable Task orchestration, the same code on both hosts: the Functions app
/// wraps it in an <c>OrchestrationTrigger</c>, the local Host registers it on DurableTask.Core's TaskHubWorker.
/// It only loops and waits; every decision is <see cref="JourneyDecider"/>'s, made with its effects in the one decide
/// activity (<see cref="JourneyTurnLoop"/>).
/// <para>A run decides its pending input (the start), then waits for the earlier of the journey's timer and a
/// <c>journey-input</c> event, decides it, and continues as new after each event so the history stays short.</para></summary>
public sealed class JourneyOrchestrator : TaskOrchestrator<JourneyOrchestrationInput, JourneyState?>
{
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

    /// <summary>The state and pending timer of one orchestration run, and its decide step.</summary>
    private sealed class JourneyTurn(TaskOrchestrationContext context, JourneyState? state, DateTimeOffset? wakeAt, string? traceParent)
    {
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

        /// <summary>Decides one input from outside (and its follow-ups) in one activity call, at the engine's time:
        /// it is replayed deterministically and it is the clock durable timers fire on, so a journey never sees time
        /// run backwards. When the input was observed elsewhere (the action's own record keeps that time) differs
        /// from it only by delivery latency.</summary>
        public async Task DecideAsync(JourneyInput input)
        {
            var at = new DateTimeOffset(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc));
            var result = await context.CallActivityAsync<JourneyTurnResult>(
                JourneyNames.DecideActivity, new JourneyTurnRequest(State, input, at, WakeAt, TraceParent), ActivityRetry);
            State = result.State;
            WakeAt = result.WakeAt;
            context.SetCustomStatus(State);
        }
    }
}
