using FunnelAutomation.Core.Journeys;

namespace FunnelAutomation.Journeys;

/// <summary>One input of a journey from decision to effects, run inside the one decide activity: read the
/// configuration, let <see cref="JourneyDecider"/> decide, carry out the commands, and decide the follow-ups they
/// answer with (and, for a new journey, the inputs it missed) the same way.
/// <para>Why in an activity and not in the orchestrator: each activity call is an orchestration episode (about nine
/// storage requests on the Azure Storage provider). Reading the configuration in one call and running the commands
/// in another made every input cost three episodes; this makes it two (issue 14). Deciding inside the activity is
/// as deterministic for the orchestration as before: the engine records the activity's result and replays it.</para>
/// <para>A retried activity decides again from the same state and input, and every command's effect happens once
/// by its key (see <see cref="JourneyActivities"/>), so what already ran is not repeated.</para></summary>
public static class JourneyTurnLoop
{
    /// <summary>Follow-up inputs (e.g. <see cref="LeadAssigned"/> after <see cref="Reassign"/>) are decided in
    /// the same turn; a chain longer than this is a bug, not a journey.</summary>
    public const int MaxDecisionsPerTurn = 32;

    public static async Task<JourneyTurnResult> RunAsync(
        JourneyTurnRequest request,
        Func<JourneyContextRequest, CancellationToken, Task<JourneyContextSnapshot>> loadContext,
        Func<JourneyDecisionRequest, CancellationToken, Task<JourneyInput[]>> execute,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(loadContext);
        ArgumentNullException.ThrowIfNull(execute);
        var state = request.State;
        var wakeAt = request.WakeAt;
        JourneyContext? context = null; // read once for the input from outside; its follow-ups share it
        string? contextKey = null;
        var inputs = new Queue<JourneyInput>();
        inputs.Enqueue(request.Input);
        var catchUpFrom = state is null && request.CatchUp ? request.Input as JourneyStarted : null; // a journey's very first decision
        var decisions = 0;
        while (inputs.TryDequeue(out var received))
        {
            if (++decisions > MaxDecisionsPerTurn)
            {
                throw new InvalidOperationException(
                    $"The journey of lead {state?.LeadId ?? (request.Input as JourneyStarted)?.LeadId} produced more than {MaxDecisionsPerTurn} follow-up inputs in one turn.");
            }

            // Every decision of the turn runs at the engine's time of the input (see JourneyOrchestrator).
            var input = received with { At = request.At };
            var (key, contextRequest) = ContextRequestFor(state, input, catchUpFrom);
            if (context is null || contextKey != key || catchUpFrom is not null)
            {
                var snapshot = await loadContext(contextRequest, cancellationToken).ConfigureAwait(false);
                context = snapshot.ToContext();
                contextKey = key;
                foreach (var missed in snapshot.Missed ?? [])
                {
                    inputs.Enqueue(missed); // after the start they follow, decided in this same turn
                }
            }

            catchUpFrom = null;
            var decision = JourneyDecider.Decide(context, state, input);
            state = decision.State;
            var effects = new List<JourneyCommand>();
            foreach (var command in decision.Commands)
            {
                switch (command)
                {
                    case WakeAt wake:
                        wakeAt = wake.At;
                        break;
                    case Complete:
                        // The decider has marked the state completed; nothing is left to run.
                        wakeAt = null;
                        break;
                    default:
                        effects.Add(command);
                        break;
                }
            }

            if (effects.Count > 0)
            {
                foreach (var followUp in await execute(new JourneyDecisionRequest(effects, request.TraceParent), cancellationToken).ConfigureAwait(false) ?? [])
                {
                    inputs.Enqueue(followUp);
                }
            }
        }

        return new JourneyTurnResult(state ?? throw new InvalidOperationException($"A journey begins with {nameof(JourneyStarted)}."), wakeAt);
    }

    /// <summary>The configuration one decision needs: its pipeline, and the exact sequence versions it may look up
    /// (the running enrollment, a migration target), so a migration pins another version and reads again.</summary>
    private static (string Key, JourneyContextRequest Request) ContextRequestFor(JourneyState? state, JourneyInput input, JourneyStarted? catchUpFrom)
    {
        var pipelineId = state?.PipelineId
            ?? (input as JourneyStarted)?.PipelineId
            ?? throw new InvalidOperationException($"A journey begins with {nameof(JourneyStarted)}, not {input.GetType().Name}.");
        var pinned = new List<SequenceVersion>();
        if (state?.Enrollment is { } enrollment)
        {
            pinned.Add(new SequenceVersion(enrollment.SequenceId, enrollment.Version));
        }

        if (input is EnrollmentMigrated migrated)
        {
            pinned.Add(new SequenceVersion(migrated.SequenceId, migrated.ToVersion));
        }

        return (pipelineId + "|" + string.Join(",", pinned), new JourneyContextRequest(pipelineId, pinned, catchUpFrom));
    }
}
