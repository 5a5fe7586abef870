namespace FunnelAutomation.Core.Journeys;

/// <summary>A lead's place in one run of a sequence: which version, which step next and when, and the
/// engagement seen since enrolling (for branches).</summary>
public sealed record Enrollment
{
    public required string EnrollmentId { get; init; }

    public required string SequenceId { get; init; }

    public required int Version { get; init; }

    public required DateTimeOffset EnrolledAt { get; init; }

    public int StepIndex { get; init; }

    /// <summary>When the step at <see cref="StepIndex"/> may run.</summary>
    public DateTimeOffset NextStepAt { get; init; }

    public bool Clicked { get; init; }

    /// <summary>URLs visited since enrolling (most recent last, bounded).</summary>
    public IReadOnlyList<string> Visits { get; init; } = [];
}
