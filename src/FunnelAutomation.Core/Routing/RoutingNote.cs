using System.Globalization;

namespace FunnelAutomation.Core.Routing;

/// <summary>One step of a routing decision, kept as data so routing does not format text nobody reads;
/// <see cref="ToString"/> gives the readable line ("rep r3 skipped: at capacity (40/40 open)").</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Subject">The rule, team, queue or account domain the line is about.</param>
/// <param name="RepId">The rep concerned, when there is one.</param>
/// <param name="SkipReason">Why the rep was passed over.</param>
/// <param name="Count">Open or new-today count (capacity), open count (least loaded) or weight.</param>
/// <param name="Limit">The capacity that <paramref name="Count"/> reached.</param>
public readonly record struct RoutingNote(
    RoutingNoteKind Kind,
    string? Subject = null,
    string? RepId = null,
    RepSkipReason SkipReason = RepSkipReason.None,
    int Count = 0,
    int Limit = 0)
{
    public override string ToString() => Kind switch
    {
        RoutingNoteKind.AccountOwner => $"account {Subject} is owned by rep {RepId}",
        RoutingNoteKind.AccountOwnerSkipped => $"account owner {RepId} of {Subject} skipped: {Reason()}",
        RoutingNoteKind.AccountOwnerUnknown => $"account {Subject} names owner {RepId}, who is not a known rep",
        RoutingNoteKind.FreeMailDomain => $"{Subject} is a free-mail domain: no account ownership",
        RoutingNoteKind.RuleMatched => $"matched rule {Subject}",
        RoutingNoteKind.NoRuleMatched => "no rule matched",
        RoutingNoteKind.SeniorsOnly => $"A-grade lead: only senior reps of team {Subject}",
        RoutingNoteKind.RepSkipped => $"rep {RepId} skipped: {Reason()}",
        RoutingNoteKind.RoundRobinTurn => $"round-robin turn of rep {RepId}",
        RoutingNoteKind.WeightedTurn => string.Create(CultureInfo.InvariantCulture, $"weighted turn of rep {RepId} (weight {Count})"),
        RoutingNoteKind.LeastLoaded => string.Create(CultureInfo.InvariantCulture, $"least-loaded rep {RepId} ({Count} open)"),
        RoutingNoteKind.NoRepAvailable => $"no rep of team {Subject} can take the lead",
        RoutingNoteKind.Fallback => $"sent to fallback queue {Subject}",
        RoutingNoteKind.AccountOwnerRecorded => $"account {Subject} now owned by rep {RepId}",
        RoutingNoteKind.Graded => string.Create(CultureInfo.InvariantCulture, $"routed as grade {Subject} (score {Count})"),
        _ => Kind.ToString(),
    };

    private string Reason() => SkipReason switch
    {
        RepSkipReason.Excluded => "excluded (being reassigned)",
        RepSkipReason.Inactive => "inactive",
        RepSkipReason.OutOfOffice => "out of office",
        RepSkipReason.NotSenior => "not senior (A-grade lead)",
        RepSkipReason.NotCovered => "lead outside the rep's territories, size bands or industries",
        RepSkipReason.AtCapacity => string.Create(CultureInfo.InvariantCulture, $"at capacity ({Count}/{Limit} open)"),
        RepSkipReason.DailyLimitReached => string.Create(CultureInfo.InvariantCulture, $"daily limit reached ({Count}/{Limit} new today)"),
        _ => SkipReason.ToString(),
    };
}
