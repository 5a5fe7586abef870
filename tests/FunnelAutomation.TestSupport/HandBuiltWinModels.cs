using FunnelAutomation.Core.Learning;

namespace FunnelAutomation.TestSupport;

/// <summary>Win models small enough to work out on paper, and the sample scoring document with a prediction
/// section, for the tests of the blend on the intake path.</summary>
public static class HandBuiltWinModels
{
    /// <summary>One split: more than 1,000 employees → raw +2, else −2. Platt slope −1, offset 0: p = sigmoid(raw).</summary>
    public static WinModel BigCompaniesWin() => new()
    {
        Version = "win-blend-test",
        TrainedAt = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero),
        ClosedLeads = 400,
        Vocabulary = new WinVocabulary([], [], []),
        Trees = [new WinTree(1, [WinFeatures.Employees], [1000], [~0], [~1], [-2, 2], [0])],
        Bias = 0,
        PlattSlope = -1,
        PlattOffset = 0,
        Evaluation = new WinEvaluation(0.8, 320, 80, 0.4, []),
    };

    /// <summary>The repository's samples/scoring.json with <c>"prediction": { weight, minClosedLeads }</c>.</summary>
    public static async Task<string> SampleScoringWithPredictionAsync(double weight, int minClosedLeads)
    {
        var sample = await File.ReadAllTextAsync(Path.Combine(TestHost.RepositoryRoot, "samples", "scoring.json"));
        var section = FormattableString.Invariant($"\"prediction\": {{ \"weight\": {weight}, \"minClosedLeads\": {minClosedLeads} }},\n  \"grades\":");
        return sample.Replace("\"grades\":", section, StringComparison.Ordinal);
    }
}
