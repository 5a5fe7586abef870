using System.Collections.Frozen;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Core.Routing;

/// <summary>A rep with their coverage turned into lookups (regions expanded to countries).</summary>
internal sealed class RepEntry
{
    public required Rep Rep { get; init; }

    public FrozenSet<string>? Countries { get; init; }

    public int SizeMask { get; init; }

    public FrozenSet<string>? Industries { get; init; }

    // Only a known mismatch excludes a rep: the rule already chose the team from what the lead tells us, so a
    // lead with no industry should not bounce off a rep who lists industries.
    public bool Covers(LeadProfile lead)
    {
        if (Countries is not null && lead.Country is { } country && !Countries.Contains(country))
        {
            return false;
        }

        if (SizeMask != 0 && lead.SizeBand is var band && band != CompanySizeBand.Unknown && (SizeMask & (1 << (int)band)) == 0)
        {
            return false;
        }

        return Industries is null || lead.Industry is not { } industry || Industries.Contains(industry);
    }
}
