namespace FunnelAutomation.Core.Leads;

/// <summary>What a rep or a form learned about the deal: BANT plus the MANCOC questions of seed 001
/// (Money, Authority, Need, Competition, Organisation, Other opportunities, Timing, How they buy).
/// Every field is optional: unknown is not the same as "no".</summary>
public sealed record Qualification
{
    /// <summary>Money/Budget: the amount the buyer can spend, in the tenant's currency.</summary>
    public decimal? Budget { get; init; }

    /// <summary>Authority: the contact can sign, or speaks for who can.</summary>
    public bool? IsDecisionMaker { get; init; }

    /// <summary>Need: how pressing the need is.</summary>
    public NeedLevel? Need { get; init; }

    /// <summary>Timing: months until the purchase is expected.</summary>
    public int? TimelineMonths { get; init; }

    /// <summary>Competition: another vendor is being evaluated.</summary>
    public bool? CompetitorInvolved { get; init; }

    public static Qualification None { get; } = new();
}

public enum NeedLevel
{
    None = 0,
    Low,
    Medium,
    High,
}
