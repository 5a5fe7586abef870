using FunnelAutomation.Core.Learning;

namespace FunnelAutomation.Core.Tests.Learning;

/// <summary>A hand-built two-tree model whose outputs can be worked out on paper.</summary>
internal static class WinTestModels
{
    /// <summary>Tree 1: employees ≤ 1000 → -1, else (pricing visits ≤ 1.5 → 0.5, else 2). Tree 2 (weight 0.5):
    /// pricing visits ≤ 0.5 → -0.4, else 0.6. Node values as if training rows were spread evenly. Platt slope -1,
    /// offset 0: probability = sigmoid(raw score).</summary>
    public static WinModel Simple(int closedLeads = 500) => new()
    {
        Version = "win-test-1",
        TrainedAt = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero),
        ClosedLeads = closedLeads,
        Vocabulary = new WinVocabulary(["trade-show", "website"], ["software"], ["emea"]),
        Trees =
        [
            new WinTree(1, [WinFeatures.Employees, WinFeatures.PricingVisits], [1000, 1.5f], [~0, ~1], [1, ~2], [-1, 0.5, 2], [0, 1.25]),
            new WinTree(0.5, [WinFeatures.PricingVisits], [0.5f], [~0], [~1], [-0.4, 0.6], [0.1]),
        ],
        Bias = 0.1,
        PlattSlope = -1,
        PlattOffset = 0,
        Evaluation = new WinEvaluation(0.8, 400, 100, 0.3, []),
    };
}
