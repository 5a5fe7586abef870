using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Core.Leads;

/// <summary>The lead aggregate as stored: who (profile), how good (score), whose (owner), where in the
/// funnel (pipeline, stage, history) and how it ended (status, lost reason, deal amount).</summary>
public sealed record Lead
{
    public required string Id { get; init; }

    public required LeadProfile Profile { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public LeadScore? Score { get; init; }

    public string? OwnerRepId { get; init; }

    /// <summary>The fallback queue the lead waits in when no rep could take it.</summary>
    public string? AssignmentQueue { get; init; }

    /// <summary>Why the lead went to its owner (or queue): the routing decision's explanation.</summary>
    public IReadOnlyList<string> RoutingExplanation { get; init; } = [];

    /// <summary>The journey command key of the last (re)assignment, so a retried reassignment routes once.</summary>
    public string? AssignmentKey { get; init; }

    public DateTimeOffset? AssignedAt { get; init; }

    public string? PipelineId { get; init; }

    public string? Stage { get; init; }

    public IReadOnlyList<StageTransition> History { get; init; } = [];

    public LeadStatus Status { get; init; } = LeadStatus.Open;

    public string? LostReason { get; init; }

    /// <summary>Expected or won deal size, for forecasts and deal-size metrics.</summary>
    public decimal? Amount { get; init; }
}
