namespace FunnelAutomation.Core.Analytics;

/// <summary>What one lead change does to the projection: counter deltas (non-zero only), the open-lead
/// row to write or remove, and when the lead moved forward (for sequence attribution).</summary>
public sealed record FunnelChange(
    IReadOnlyList<FunnelBucket> Deltas,
    OpenLeadRow? UpsertOpen,
    OpenLeadKey? DeleteOpen,
    DateTimeOffset? AdvancedAt)
{
    public static FunnelChange None { get; } = new([], null, null, null);

    public bool IsEmpty => Deltas.Count == 0 && UpsertOpen is null && DeleteOpen is null;
}

/// <summary>Identifies an open-lead row; <see cref="Version"/> is the lead's UpdatedAt at removal, so a
/// stale removal never deletes a newer row.</summary>
public sealed record OpenLeadKey(string PipelineId, string LeadId, DateTimeOffset Version);
