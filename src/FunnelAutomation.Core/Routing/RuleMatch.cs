using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Core.Routing;

/// <summary>The conditions a lead must meet for a routing rule to apply. Every condition left empty matches any
/// lead; the ones given must all hold. Countries and regions together form one territory (either may match).</summary>
public sealed class RuleMatch
{
    /// <summary>ISO 3166-1 alpha-2 codes ("DE").</summary>
    public IReadOnlyList<string> Countries { get; init; } = [];

    /// <summary>Names of regions defined in <see cref="RoutingRules.Regions"/> ("EMEA").</summary>
    public IReadOnlyList<string> Regions { get; init; } = [];

    public IReadOnlyList<CompanySizeBand> SizeBands { get; init; } = [];

    /// <summary>Industry names, compared ignoring case.</summary>
    public IReadOnlyList<string> Industries { get; init; } = [];

    /// <summary>The poorest grade still accepted: "b" accepts A and B leads.</summary>
    public Grade? MinGrade { get; init; }

    internal bool MatchesEveryLead =>
        Countries.Count == 0 && Regions.Count == 0 && SizeBands.Count == 0 && Industries.Count == 0 && MinGrade is null;
}
