namespace FunnelAutomation.Core.Pipeline;

/// <summary>One stage of a pipeline: its id and display name, the win probability used by the weighted
/// forecast, the customer actions that move a lead into it, and the number of days a lead normally
/// stays (beyond which it counts as stalled).</summary>
public sealed record StageDefinition
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>Chance (0..1) that a lead in this stage is won.</summary>
    public required decimal Probability { get; init; }

    /// <summary>Customer action types (see CustomerActionTypes) that move a lead into this stage.</summary>
    public IReadOnlyList<string> EnteredBy { get; init; } = [];

    /// <summary>Days a lead normally spends here; longer means stalled. Null: no norm.</summary>
    public int? NormDays { get; init; }

    /// <summary>True for the closing stage (the deal is won). Exactly one stage, the last, is won.</summary>
    public bool Won { get; init; }
}
