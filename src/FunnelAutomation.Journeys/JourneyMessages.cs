using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Nurture;
using FunnelAutomation.Core.Pipeline;

namespace FunnelAutomation.Journeys;

// The Durable Task data converter serialises a payload by its runtime type, and System.Text.Json only writes
// the "input"/"command" discriminator when the declared type is the polymorphic base. Wrapping inputs and
// commands in a property typed as the base keeps the discriminator on the wire.

/// <summary>The journey orchestration's input: the state so far, an input still to decide (the start, or
/// nothing after a restart), and the timer the last decision asked for.</summary>
/// <para><paramref name="TraceParent"/>: the W3C traceparent the journey's activities continue (the trace of the
/// lead's capture, then of the last input from outside), carried across ContinueAsNew.</para>
public sealed record JourneyOrchestrationInput(JourneyState? State, JourneyInput? Pending, DateTimeOffset? WakeAt = null, string? TraceParent = null);

/// <summary>The payload of the <c>journey-input</c> external event.</summary>
public sealed record JourneyEvent(JourneyInput Input, string? TraceParent = null);

/// <summary>The input of the decide activity: the journey so far, the one input to decide as it was raised (typed as
/// the base, so it keeps its discriminator on the wire), the engine's time it is decided at, the timer pending before
/// it, and the trace. The input keeps its own time because a new journey catches up the actions from its start on;
/// <paramref name="CatchUp"/> false skips that read, for a start decided before its instance exists (see
/// <see cref="DurableJourneyRunner"/>).</summary>
public sealed record JourneyTurnRequest(JourneyState? State, JourneyInput Input, DateTimeOffset At, DateTimeOffset? WakeAt, string? TraceParent = null, bool CatchUp = true);

/// <summary>What the decide activity answers: the journey after the input and its follow-ups, and the timer it
/// waits for next (null: none).</summary>
public sealed record JourneyTurnResult(JourneyState State, DateTimeOffset? WakeAt);

/// <summary>The commands of one decision, carried out in order inside the decide activity. The list is
/// typed as the base so each command keeps its discriminator on the wire.</summary>
public sealed record JourneyDecisionRequest(IReadOnlyList<JourneyCommand> Commands, string? TraceParent = null);

/// <summary>Asks for the configuration one decision needs: the pipeline, and besides the active sequences the
/// exact versions the journey may look up (its running enrollment, a migration target). A journey's first decision
/// also names its start in <paramref name="CatchUpFrom"/>, to get back what it may have missed (<see cref="JourneyCatchUp"/>).</summary>
public sealed record JourneyContextRequest(string PipelineId, IReadOnlyList<SequenceVersion> Pinned, JourneyStarted? CatchUpFrom = null);

public sealed record SequenceVersion(string Id, int Version);

/// <summary>A serialisable copy of <see cref="JourneyContext"/> (its <see cref="SequenceCatalog"/> is not
/// serialisable): what the context activity returns and the orchestrator rebuilds the context from, with the
/// inputs a new journey missed (null when none were asked for; typed as the base to keep their discriminators).</summary>
public sealed record JourneyContextSnapshot(
    PipelineDefinition Pipeline,
    IReadOnlyList<SequenceDefinition> Active,
    IReadOnlyList<SequenceDefinition> Pinned,
    JourneySettings Settings,
    IReadOnlyList<JourneyInput>? Missed = null)
{
    public static JourneyContextSnapshot From(JourneyContext context, IEnumerable<SequenceVersion> pinned, IReadOnlyList<JourneyInput>? missed = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(pinned);
        var found = pinned
            .Select(p => context.Sequences.Find(p.Id, p.Version))
            .OfType<SequenceDefinition>()
            .ToList();
        return new JourneyContextSnapshot(context.Pipeline, context.Sequences.Active, found, context.Settings, missed);
    }

    public JourneyContext ToContext()
    {
        // Active versions are named explicitly: a pinned older or newer version must not become the active one.
        var active = Active.ToDictionary(s => s.Id, s => s.Version, StringComparer.Ordinal);
        return new JourneyContext(Pipeline, new SequenceCatalog([.. Pinned, .. Active], active), Settings);
    }
}
