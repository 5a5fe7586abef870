using System.Collections.Frozen;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Core.Routing;

/// <summary>A validated routing document turned into lookups: regions expanded into country sets, size bands into
/// a bit mask, names into frozen sets, so matching a lead is a few hash probes and no allocation.</summary>
internal sealed class CompiledRules
{
    private CompiledRules(CompiledRule[] rules, FrozenSet<string> ignoredDomains, bool accountOwnership, string fallbackQueue)
    {
        Rules = rules;
        IgnoredDomains = ignoredDomains;
        AccountOwnership = accountOwnership;
        FallbackQueue = fallbackQueue;
    }

    public CompiledRule[] Rules { get; }

    public FrozenSet<string> IgnoredDomains { get; }

    public bool AccountOwnership { get; }

    public string FallbackQueue { get; }

    public static CompiledRules Build(RoutingRules doc)
    {
        var rules = new CompiledRule[doc.Rules.Count];
        for (var i = 0; i < rules.Length; i++)
        {
            rules[i] = CompiledRule.Build(doc.Rules[i], doc);
        }

        var ignored = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var domain in doc.AccountOwnership.IgnoredDomains)
        {
            ignored.Add(domain.Trim());
        }

        return new CompiledRules(
            rules,
            ignored.ToFrozenSet(StringComparer.OrdinalIgnoreCase),
            doc.AccountOwnership.Enabled,
            doc.FallbackQueue);
    }

    /// <summary>Countries named directly or through regions; null when the list is empty (any country).</summary>
    public static FrozenSet<string>? Territory(IReadOnlyList<string> entries, RoutingRules doc)
    {
        if (entries.Count == 0)
        {
            return null;
        }

        var countries = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            // A region wins over a country code of the same spelling ("NA" is North America, not Namibia).
            if (RoutingRulesValidator.FindRegion(doc.Regions, entry) is { } region)
            {
                countries.UnionWith(region);
            }
            else if (RoutingPaths.IsCountryCode(entry))
            {
                countries.Add(entry);
            }
        }

        return countries.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>One bit per <see cref="CompanySizeBand"/>; 0 means any band.</summary>
    public static int SizeMask(IReadOnlyList<CompanySizeBand> bands)
    {
        var mask = 0;
        foreach (var band in bands)
        {
            mask |= 1 << (int)band;
        }

        return mask;
    }

    public static FrozenSet<string>? NameSet(IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return null;
        }

        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            set.Add(name.Trim());
        }

        return set.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
