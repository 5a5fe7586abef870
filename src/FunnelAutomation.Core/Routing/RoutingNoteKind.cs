namespace FunnelAutomation.Core.Routing;

/// <summary>The kinds of line in a routing explanation.</summary>
public enum RoutingNoteKind
{
    AccountOwner = 0,
    AccountOwnerSkipped,
    AccountOwnerUnknown,
    FreeMailDomain,
    RuleMatched,
    NoRuleMatched,
    SeniorsOnly,
    RepSkipped,
    RoundRobinTurn,
    WeightedTurn,
    LeastLoaded,
    NoRepAvailable,
    Fallback,
    AccountOwnerRecorded,

    /// <summary>The grade (Subject) and score (Count) the lead was routed with.</summary>
    Graded,
}
