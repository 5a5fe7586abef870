using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Core.Routing;

/// <summary>A sales rep who can own leads: where and what they cover, how senior, how much they can take,
/// and whether they are available now.</summary>
public sealed record Rep
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Email { get; init; }

    /// <summary>Team the rep belongs to (routing rules target teams).</summary>
    public string? Team { get; init; }

    /// <summary>ISO country codes or region names ("EMEA") the rep covers; empty means anywhere.</summary>
    public IReadOnlyList<string> Territories { get; init; } = [];

    /// <summary>Company-size bands the rep covers; empty means any.</summary>
    public IReadOnlyList<CompanySizeBand> SizeBands { get; init; } = [];

    /// <summary>Industries the rep covers; empty means any.</summary>
    public IReadOnlyList<string> Industries { get; init; } = [];

    public RepTier Tier { get; init; } = RepTier.Standard;

    /// <summary>Most open leads the rep may own at once.</summary>
    public int MaxOpenLeads { get; init; } = 100;

    /// <summary>Most new leads the rep may receive in one day.</summary>
    public int MaxNewLeadsPerDay { get; init; } = 20;

    /// <summary>Share of a weighted team's leads (relative to team mates).</summary>
    public int Weight { get; init; } = 1;

    public bool Active { get; init; } = true;

    public DateTimeOffset? OutOfOfficeFrom { get; init; }

    public DateTimeOffset? OutOfOfficeUntil { get; init; }

    /// <summary>The rep's manager, told when the rep misses a lead's SLA.</summary>
    public string? ManagerEmail { get; init; }

    public bool IsAvailableAt(DateTimeOffset now) =>
        Active && !(OutOfOfficeFrom is { } from && now >= from && (OutOfOfficeUntil is null || now < OutOfOfficeUntil));
}

public enum RepTier
{
    Junior = 0,
    Standard,
    Senior,
}
