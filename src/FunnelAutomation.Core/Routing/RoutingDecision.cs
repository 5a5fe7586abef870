namespace FunnelAutomation.Core.Routing;

/// <summary>Where a lead goes and why: the rep (or the fallback queue), the rule that matched, the explanation,
/// and the routing state after this decision (persist it; the input state is left untouched).</summary>
public sealed class RoutingDecision
{
    private IReadOnlyList<string>? _explanation;

    internal RoutingDecision(
        RoutingOutcome outcome,
        string? repId,
        string? fallbackQueue,
        string? matchedRule,
        string? team,
        IReadOnlyList<RoutingNote> notes,
        RoutingState state)
    {
        Outcome = outcome;
        RepId = repId;
        FallbackQueue = fallbackQueue;
        MatchedRule = matchedRule;
        Team = team;
        Notes = notes;
        State = state;
    }

    public RoutingOutcome Outcome { get; }

    /// <summary>The assigned rep; null when the lead went to <see cref="FallbackQueue"/>.</summary>
    public string? RepId { get; }

    /// <summary>The queue the lead waits in when no rep took it; null when assigned.</summary>
    public string? FallbackQueue { get; }

    /// <summary>The first rule that matched (also set when its team could not take the lead); null when the account
    /// owner took it or no rule matched.</summary>
    public string? MatchedRule { get; }

    /// <summary>The matched rule's team.</summary>
    public string? Team { get; }

    public bool IsAssigned => RepId is not null;

    /// <summary>The decision's steps as data, in order.</summary>
    public IReadOnlyList<RoutingNote> Notes { get; }

    /// <summary>The steps as readable lines ("matched rule EMEA-Enterprise", "rep r2 skipped: out of office").</summary>
    public IReadOnlyList<string> Explanation => _explanation ??= Format(Notes);

    /// <summary>Routing state after this decision: cursor advanced and counts incremented when assigned.</summary>
    public RoutingState State { get; }

    private static string[] Format(IReadOnlyList<RoutingNote> notes)
    {
        var lines = new string[notes.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = notes[i].ToString();
        }

        return lines;
    }
}
