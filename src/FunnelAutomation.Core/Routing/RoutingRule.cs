namespace FunnelAutomation.Core.Routing;

/// <summary>One territory/segment rule: which leads (<see cref="Match"/>) go to which team, and how the team shares
/// them. Rules are tried in document order; the first that matches decides.</summary>
public sealed class RoutingRule
{
    /// <summary>Unique, readable name ("EMEA-Enterprise"); it appears in every decision's explanation.</summary>
    public string Name { get; init; } = "";

    public RuleMatch Match { get; init; } = new();

    /// <summary>The <see cref="Rep.Team"/> that takes the matched leads.</summary>
    public string Team { get; init; } = "";

    public RoutingStrategy Strategy { get; init; } = RoutingStrategy.RoundRobin;

    /// <summary>A-grade leads go only to the team's <see cref="RepTier.Senior"/> reps.</summary>
    public bool SeniorsOnlyForGradeA { get; init; }

    /// <summary>Queue for leads this rule matched but no rep of the team could take; the document's
    /// <see cref="RoutingRules.FallbackQueue"/> when absent.</summary>
    public string? FallbackQueue { get; init; }
}
