namespace FunnelAutomation.Core.Scoring;

/// <summary>The result of scoring a lead: total, grade, priority and the breakdown that explains it.</summary>
public sealed record LeadScore(
    int Total,
    Grade Grade,
    Priority Priority,
    IReadOnlyList<ScoreContribution> Breakdown,
    string ModelVersion)
{
    /// <summary>A positive-scoring action fell within the priority's recent-engagement window (it promoted B or C).</summary>
    public bool RecentlyEngaged { get; init; }

    /// <summary>The win model's part, when it was blended in (see <see cref="PredictionSettings"/>).</summary>
    public ScorePrediction? Prediction { get; init; }
}

/// <summary>What the win model added to a score: the rule total before blending, the probability, which model,
/// the weight, and the features that moved the probability most, in words.</summary>
public sealed record ScorePrediction(
    int RuleTotal,
    double Probability,
    string ModelVersion,
    double Weight,
    IReadOnlyList<Learning.WinContribution> TopContributions);

/// <summary>One rule that contributed to a score: which rule, its category, the points, and why in words.</summary>
public sealed record ScoreContribution(string Rule, ScoreCategory Category, int Points, string Reason);

public enum ScoreCategory
{
    Fit = 0,
    Qualification,
    Engagement,
    /// <summary>The win model's adjustment when it is blended in: blended total − rule total.</summary>
    Prediction,
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
