namespace FunnelAutomation.Core.Nurture;

/// <summary>When a lead leaves a sequence early: on any of these customer actions, on reaching a stage,
/// or when the deal is won or lost. Unsubscribes and bounces always exit.</summary>
public sealed record ExitCriteria
{
    /// <summary>Customer action types that end the enrollment (e.g. replied, meeting_booked).</summary>
    public IReadOnlyList<string> OnActions { get; init; } = [];

    public string? StageReached { get; init; }

    public bool OnWon { get; init; } = true;

    public bool OnLost { get; init; } = true;
}
