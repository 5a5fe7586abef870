using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Core.Analytics;

/// <summary>Which leads a funnel report covers: one pipeline, leads created in the months
/// <see cref="From"/>..<see cref="To"/> (both included; null = open-ended), optionally one source, owner,
/// team or grade. Every filter is a bucket dimension, so filtering never reads leads.</summary>
public sealed record FunnelQuery
{
    public required string PipelineId { get; init; }

    public CohortMonth? From { get; init; }

    public CohortMonth? To { get; init; }

    public string? Source { get; init; }

    /// <summary>Owner rep id; "" selects unassigned leads.</summary>
    public string? RepId { get; init; }

    public string? Team { get; init; }

    public Grade? Grade { get; init; }

    /// <summary>Most stalled leads listed (the report still counts all of them), longest stalled first.</summary>
    public int StalledLimit { get; init; } = 100;

    public bool Matches(FunnelBucketKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return string.Equals(key.PipelineId, PipelineId, StringComparison.Ordinal)
            && (From is not { } from || key.Cohort >= from)
            && (To is not { } to || key.Cohort <= to)
            && (Source is null || string.Equals(key.Source, Source, StringComparison.OrdinalIgnoreCase))
            && (RepId is null || string.Equals(key.OwnerRepId, RepId, StringComparison.Ordinal))
            && (Team is null || string.Equals(key.Team, Team, StringComparison.OrdinalIgnoreCase))
            && (Grade is not { } grade || string.Equals(key.Grade, grade.ToString(), StringComparison.Ordinal));
    }
}
