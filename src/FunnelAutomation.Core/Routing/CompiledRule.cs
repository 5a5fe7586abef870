using System.Collections.Frozen;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Core.Routing;

/// <summary>One rule ready to match: null sets and a zero mask mean "any".</summary>
internal sealed class CompiledRule
{
    public required string Name { get; init; }

    public required string Team { get; init; }

    public required string FallbackQueue { get; init; }

    public required RoutingStrategy Strategy { get; init; }

    public required bool SeniorsOnlyForGradeA { get; init; }

    public FrozenSet<string>? Countries { get; init; }

    public int SizeMask { get; init; }

    public FrozenSet<string>? Industries { get; init; }

    /// <summary>Poorest accepted grade as a number (A = 0); <see cref="Grade.D"/> when any grade matches.</summary>
    public Grade MinGrade { get; init; } = Grade.D;

    public static CompiledRule Build(RoutingRule rule, RoutingRules doc)
    {
        var territory = new List<string>(rule.Match.Countries.Count + rule.Match.Regions.Count);
        territory.AddRange(rule.Match.Countries);
        territory.AddRange(rule.Match.Regions);
        return new CompiledRule
        {
            Name = rule.Name,
            Team = rule.Team,
            FallbackQueue = rule.FallbackQueue ?? doc.FallbackQueue,
            Strategy = rule.Strategy,
            SeniorsOnlyForGradeA = rule.SeniorsOnlyForGradeA,
            Countries = CompiledRules.Territory(territory, doc),
            SizeMask = CompiledRules.SizeMask(rule.Match.SizeBands),
            Industries = CompiledRules.NameSet(rule.Match.Industries),
            MinGrade = rule.Match.MinGrade ?? Grade.D,
        };
    }

    // A lead missing a fact (no country, unknown size, no industry) does not meet a condition on that fact.
    public bool Matches(LeadProfile lead, Grade grade)
    {
        if (grade > MinGrade)
        {
            return false;
        }

        if (Countries is not null && (lead.Country is not { } country || !Countries.Contains(country)))
        {
            return false;
        }

        if (SizeMask != 0 && (SizeMask & (1 << (int)lead.SizeBand)) == 0)
        {
            return false;
        }

        return Industries is null || (lead.Industry is { } industry && Industries.Contains(industry));
    }
}
