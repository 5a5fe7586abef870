using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Core.Journeys;

/// <summary>Everything the decider remembers about one lead's journey. Serialisable (plain records and
/// lists) so a host can keep it in a table row or a Durable Functions orchestration input. Its stage, status
/// and owner are the authority: the decider applies the pipeline rules here, and the stored lead row is a
/// projection of the commands it emits (<see cref="LeadProjection"/>), never a second judge.</summary>
public sealed record JourneyState
{
    public required string LeadId { get; init; }

    public required string PipelineId { get; init; }

    public required string Stage { get; init; }

    public LeadStatus Status { get; init; }

    public string? LostReason { get; init; }

    public DateTimeOffset? LostAt { get; init; }

    public int Score { get; init; }

    public Grade Grade { get; init; }

    public string Source { get; init; } = "website";

    /// <summary>IANA time zone the send window is computed in.</summary>
    public required string TimeZone { get; init; }

    public string? OwnerRepId { get; init; }

    /// <summary>Owner before the lead was lost or reassigned; a reopened lead goes back to them.</summary>
    public string? FormerOwnerRepId { get; init; }

    /// <summary>How many times the lead has been assigned; part of the SLA idempotency keys.</summary>
    public int Assignments { get; init; }

    /// <summary>When the owner must have touched the lead by; null once touched.</summary>
    public DateTimeOffset? SlaDueAt { get; init; }

    /// <summary>Reps who missed this lead's SLA (never routed to again for it).</summary>
    public IReadOnlyList<string> SlaMissedBy { get; init; } = [];

    /// <summary>Unsubscribed, bounced or reported spam: never mailed again.</summary>
    public bool Suppressed { get; init; }

    public Enrollment? Enrollment { get; init; }

    /// <summary>Sequences this lead has been enrolled in (each enrolls a lead once).</summary>
    public IReadOnlyList<string> PastSequences { get; init; } = [];

    public int EnrollmentCount { get; init; }

    /// <summary>Times of recent nurture emails, for the per-day cap (bounded).</summary>
    public IReadOnlyList<DateTimeOffset> EmailsSentAt { get; init; } = [];

    /// <summary>When a lost lead becomes eligible for the win-back sequence.</summary>
    public DateTimeOffset? ReactivateAt { get; init; }

    public int Reopens { get; init; }

    /// <summary>Recently seen customer action ids: a redelivered action has no second effect (bounded).</summary>
    public IReadOnlyList<string> SeenActionIds { get; init; } = [];

    public bool Completed { get; init; }

    /// <summary>The earliest time something is due, or null when the journey only waits for events.</summary>
    public DateTimeOffset? NextWakeAt()
    {
        DateTimeOffset? next = null;
        Consider(SlaDueAt);
        Consider(Enrollment?.NextStepAt);
        Consider(ReactivateAt);
        return next;

        void Consider(DateTimeOffset? candidate)
        {
            if (candidate is { } c && (next is null || c < next))
            {
                next = c;
            }
        }
    }
}
