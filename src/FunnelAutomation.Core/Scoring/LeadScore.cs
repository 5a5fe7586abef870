namespace FunnelAutomation.Core.Scoring;

/// <summary>The result of scoring a lead: total, grade, priority and the breakdown that explains it.</summary>
public sealed record LeadScore(
    int Total,
    Grade Grade,
    Priority Priority,
    IReadOnlyList<ScoreContribution> Breakdown,
    string ModelVersion);

/// <summary>One rule that contributed to a score: which rule, its category, the points, and why in words.</summary>
public sealed record ScoreContribution(string Rule, ScoreCategory Category, int Points, string Reason);

public enum ScoreCategory
{
    Fit = 0,
    Qualification,
    Engagement,
}

/// <summary>A (best) … D (poorest): how good the lead is.</summary>
public enum Grade
{
    A = 0,
    B,
    C,
    D,
}

public enum Priority
{
    High = 0,
    Medium,
    Low,
}
