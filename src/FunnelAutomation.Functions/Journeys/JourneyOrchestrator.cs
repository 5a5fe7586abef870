using FunnelAutomation.Core.Journeys;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace FunnelAutomation.Functions.Journeys;

/// <summary>One lead's journey as a Durable Functions orchestration. It only loops and dispatches: every
/// decision is <see cref="JourneyDecider"/>'s. Each run decides the pending input (if any), waits for the
/// earlier of the requested timer and a <c>journey-input</c> event, decides that, then continues as new, so
/// the history never grows past one event's worth of activities.</summary>
public static class JourneyOrchestrator
{
    /// <summary>Follow-up inputs (e.g. <see cref="LeadAssigned"/> after <see cref="Reassign"/>) are decided in
    /// the same turn; a chain longer than this is a bug, not a journey.</summary>
    public const int MaxDecisionsPerTurn = 32;

    /// <summary>A command that fails (SendGrid down past its own retries, a storage hiccup, another worker in the
    /// middle of the same email) is retried with back-off, about 20 minutes in all, instead of failing the journey.</summary>
    public static readonly TaskOptions CommandRetry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 8, firstRetryInterval: TimeSpan.FromSeconds(5), backoffCoefficient: 2.0, maxRetryInterval: TimeSpan.FromMinutes(5)));

    [Function(JourneyNames.Orchestrator)]
    public static async Task<JourneyState?> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<JourneyOrchestrationInput>()
            ?? throw new InvalidOperationException("The journey orchestration needs a JourneyOrchestrationInput.");

        var turn = new JourneyTurn(context, input.State, input.WakeAt);
        if (input.Pending is { } pending)
        {
            await turn.DecideAsync(pending);
        }

        var state = turn.State ?? throw new InvalidOperationException("A journey begins with JourneyStarted.");
        context.SetCustomStatus(state);
        if (state.Completed)
        {
            return state;
        }

        var next = await WaitForNextInputAsync(context, turn);
        await turn.DecideAsync(next);
        context.SetCustomStatus(turn.State);
        if (turn.State!.Completed)
        {
            return turn.State;
        }

        // Unprocessed events (raised while this run was busy) are carried over to the next run.
        context.ContinueAsNew(new JourneyOrchestrationInput(turn.State, null, turn.WakeAt), preserveUnprocessedEvents: true);
        return turn.State;
    }

    /// <summary>Waits for the requested timer or an event, whichever comes first; a timer that lost is cancelled
    /// so it does not keep the instance loaded.</summary>
    private static async Task<JourneyInput> WaitForNextInputAsync(TaskOrchestrationContext context, JourneyTurn turn)
    {
        var eventTask = context.WaitForExternalEvent<JourneyEvent>(JourneyNames.InputEvent);
        if (turn.WakeAt is not { } wakeAt)
        {
            return (await eventTask).Input;
        }

        using var timerCancellation = new CancellationTokenSource();
        var timerTask = context.CreateTimer(wakeAt.UtcDateTime, timerCancellation.Token);
        var winner = await Task.WhenAny(eventTask, timerTask);
        if (winner == eventTask)
        {
            // Synchronous on purpose: the cancellation callback must run on the orchestrator's thread.
#pragma warning disable CA1849
            timerCancellation.Cancel();
#pragma warning restore CA1849
            return (await eventTask).Input;
        }

        turn.TimerFired();
        return new TimerFired(UtcNow(context));
    }

    private static DateTimeOffset UtcNow(TaskOrchestrationContext context) =>
        new(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc));

    /// <summary>The state and pending timer of one orchestration run, and the decide-then-dispatch step.</summary>
    private sealed class JourneyTurn(TaskOrchestrationContext context, JourneyState? state, DateTimeOffset? wakeAt)
    {
        public JourneyState? State { get; private set; } = state;

        public DateTimeOffset? WakeAt { get; private set; } = wakeAt;

        public void TimerFired() => WakeAt = null;

        public async Task DecideAsync(JourneyInput first)
        {
            var inputs = new Queue<JourneyInput>();
            inputs.Enqueue(first);
            var decisions = 0;
            while (inputs.TryDequeue(out var input))
            {
                if (++decisions > MaxDecisionsPerTurn)
                {
                    throw new InvalidOperationException(
                        $"Journey {context.InstanceId} produced more than {MaxDecisionsPerTurn} follow-up inputs in one turn.");
                }

                var journeyContext = await LoadContextAsync(input);
                var decision = JourneyDecider.Decide(journeyContext, State, input);
                State = decision.State;
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
                            var followUps = await context.CallActivityAsync<JourneyInput[]>(
                                JourneyNames.ExecuteCommandActivity, new JourneyCommandRequest(command), CommandRetry);
                            foreach (var followUp in followUps ?? [])
                            {
                                inputs.Enqueue(followUp);
                            }

                            break;
                    }
                }
            }
        }

        /// <summary>Configuration is read through an activity for every decision: a marketer may have changed it
        /// since the journey last woke, and orchestrator code must not do I/O itself.</summary>
        private async Task<JourneyContext> LoadContextAsync(JourneyInput input)
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

            var snapshot = await context.CallActivityAsync<JourneyContextSnapshot>(
                JourneyNames.LoadContextActivity, new JourneyContextRequest(pipelineId, pinned));
            return snapshot.ToContext();
        }
    }
}
