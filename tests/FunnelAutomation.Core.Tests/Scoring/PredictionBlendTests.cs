using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Learning;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Scoring;
using FunnelAutomation.Core.Tests.Learning;

namespace FunnelAutomation.Core.Tests.Scoring;

/// <summary>The scoring document's <c>prediction</c> section: how the win probability blends with the rule score.</summary>
public sealed class PredictionBlendTests
{
    private static readonly DateTimeOffset Now = ScoringTestData.Now;

    private static string WithPrediction(string section) =>
        ScoringTestData.SampleJson.Replace("\"grades\":", $"\"prediction\": {section},\n  \"grades\":", StringComparison.Ordinal);

    private static LeadScorer Scorer(string section) => new(ScoringModel.Load(WithPrediction(section)).Value);

    private static WinFacts Facts(LeadProfile profile) =>
        new(profile, Now.AddDays(-5), [], [new StageTransition(null, "new", Now.AddDays(-5), "form_submitted")], null);

    [Fact]
    public void The_blended_total_mixes_the_rule_score_with_the_scaled_probability_and_the_grade_follows()
    {
        var scorer = Scorer("""{ "weight": 0.5, "minClosedLeads": 100 }""");
        var profile = ScoringTestData.Profile(employees: 5000, industry: "education");
        var rules = scorer.Score(profile, [], Now);
        var model = WinTestModels.Simple();
        var facts = Facts(profile);

        var blended = scorer.Score(profile, [], Now, model, facts);

        var p = model.Probability(facts, Now);
        var expected = (int)Math.Round(0.5 * rules.Total + 0.5 * p * 100, MidpointRounding.AwayFromZero);
        Assert.Equal(expected, blended.Total);
        Assert.Equal(blended.Total, blended.Breakdown.Sum(c => c.Points));
        Assert.Equal(scorer.Model.GradeFor(expected), blended.Grade);
        Assert.NotEqual(rules.Grade, blended.Grade);
        var line = Assert.Single(blended.Breakdown, c => c.Category == ScoreCategory.Prediction);
        Assert.StartsWith("Win probability ", line.Reason, StringComparison.Ordinal);
        Assert.Contains("(model win-test-1) blended at weight 0.5", line.Reason, StringComparison.Ordinal);
        Assert.Equal(rules.Total, blended.Prediction!.RuleTotal);
        Assert.Equal(p, blended.Prediction.Probability, 1e-12);
        Assert.NotEmpty(blended.Prediction.TopContributions);
    }

    [Fact]
    public void Only_the_rules_count_below_the_minimum_of_closed_leads_or_without_a_prediction_section()
    {
        var profile = ScoringTestData.Profile(employees: 5000);
        var facts = Facts(profile);
        var model = WinTestModels.Simple(closedLeads: 99);
        var withSection = Scorer("""{ "weight": 0.5, "minClosedLeads": 100 }""");

        Assert.Equal(withSection.Score(profile, [], Now), withSection.Score(profile, [], Now, model, facts) with { }, ScoreComparer.Instance);
        var plain = new LeadScorer(ScoringTestData.Sample);
        var rulesOnly = plain.Score(profile, [], Now, WinTestModels.Simple(), facts);
        Assert.Null(rulesOnly.Prediction);
        Assert.DoesNotContain(rulesOnly.Breakdown, c => c.Category == ScoreCategory.Prediction);
    }

    [Theory]
    [InlineData("""{ "weight": 1.5 }""", "$.prediction.weight", "must be between 0 (rules only) and 1 (model only), found 1.5")]
    [InlineData("""{ "weight": 0.3, "minClosedLeads": 5 }""", "$.prediction.minClosedLeads", "must be at least 10 closed leads, found 5")]
    [InlineData("""{ "weight": 0.3, "scale": 0 }""", "$.prediction.scale", "must be more than 0 points, found 0")]
    public void A_bad_prediction_section_is_refused_at_its_path(string section, string path, string reason)
    {
        var result = ScoringModel.Load(WithPrediction(section));

        Assert.False(result.IsSuccess);
        var error = Assert.Single(result.Errors);
        Assert.Equal(new ValidationError(path, reason), error);
    }

    private sealed class ScoreComparer : IEqualityComparer<LeadScore>
    {
        public static readonly ScoreComparer Instance = new();

        public bool Equals(LeadScore? x, LeadScore? y) =>
            x!.Total == y!.Total && x.Grade == y.Grade && x.Priority == y.Priority && x.Prediction == y.Prediction
            && x.Breakdown.SequenceEqual(y.Breakdown);

        public int GetHashCode(LeadScore obj) => obj.Total;
    }
}
