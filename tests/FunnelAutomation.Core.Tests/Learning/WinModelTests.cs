using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Learning;
using FunnelAutomation.Core.Pipeline;

namespace FunnelAutomation.Core.Tests.Learning;

public sealed class WinModelTests
{
    private static readonly DateTimeOffset Created = new(2026, 10, 1, 9, 0, 0, TimeSpan.Zero);

    private static WinFacts Facts(int employees, int pricingVisits, string source = "website") => new(
        new LeadProfile { Email = "ann@contoso.example", Employees = employees, Source = source },
        Created,
        [.. Enumerable.Range(0, pricingVisits).Select(i => new CustomerAction($"p{i}", CustomerActionTypes.PageVisited, Created.AddDays(i + 1), "https://x.example/pricing"))],
        [new StageTransition(null, "new", Created, "form_submitted")],
        null);

    [Fact]
    public void Probability_is_the_calibrated_sum_of_the_bias_and_the_weighted_trees()
    {
        var model = WinTestModels.Simple();
        var row = WinFeatures.Of(Facts(5000, 3), Created.AddDays(10), model.Vocabulary);

        // 0.1 + 2 + 0.5 × 0.6 = 2.4
        Assert.Equal(2.4, model.RawScore(row), 1e-9);
        Assert.Equal(1 / (1 + Math.Exp(-2.4)), model.Probability(row), 1e-12);
    }

    [Fact]
    public void Contributions_credit_each_split_and_read_as_a_rep_would_say_them()
    {
        var model = WinTestModels.Simple();
        var prediction = model.Predict(Facts(5000, 3), Created.AddDays(10), top: 2);

        // Tree 1: root 0 → node 1.25 (employees +1.25) → leaf 2 (pricing +0.75); tree 2: 0.1 → 0.6 (pricing +0.25).
        Assert.Equal(["employees", "pricingVisits"], prediction.TopContributions.Select(c => c.Feature));
        Assert.Equal(1.25, prediction.TopContributions[0].Effect, 1e-9);
        Assert.Equal(1.0, prediction.TopContributions[1].Effect, 1e-9);
        Assert.Equal("company of 5,000 employees raises the odds", prediction.TopContributions[0].Reason);
        Assert.Equal("3 pricing-page visits raises the odds", prediction.TopContributions[1].Reason);

        var small = model.Predict(Facts(8, 0), Created.AddDays(10), top: 2);
        Assert.Equal("company of 8 employees lowers the odds", small.TopContributions[0].Reason);
        Assert.Equal("0 pricing-page visits lowers the odds", small.TopContributions[1].Reason);
    }

    [Fact]
    public void Features_ignore_what_happened_after_the_moment_they_are_taken_at()
    {
        var facts = Facts(50, 4);
        var vocabulary = WinTestModels.Simple().Vocabulary;

        Assert.Equal(2, WinFeatures.Of(facts, Created.AddDays(2.5), vocabulary)[WinFeatures.PricingVisits]);
        Assert.Equal(4, WinFeatures.Of(facts, Created.AddDays(30), vocabulary)[WinFeatures.PricingVisits]);
        Assert.Equal(26, WinFeatures.Of(facts, Created.AddDays(30), vocabulary)[WinFeatures.DaysSinceLastAction]);
        Assert.Equal(2, WinFeatures.Of(facts, Created, vocabulary)[WinFeatures.Source]);
        Assert.Equal(0, WinFeatures.Of(Facts(50, 0, source: "fax"), Created, vocabulary)[WinFeatures.Source]);
    }

    [Fact]
    public void A_closed_lead_becomes_an_example_of_what_was_known_before_it_closed()
    {
        var closedAt = Created.AddDays(20);
        var lead = new Lead
        {
            Id = "ld_1",
            Profile = new LeadProfile { Email = "ann@contoso.example" },
            CreatedAt = Created,
            UpdatedAt = closedAt,
            Status = LeadStatus.Won,
            History =
            [
                new StageTransition(null, "new", Created, "form_submitted"),
                new StageTransition("new", "proposal", Created.AddDays(5), "rep"),
                new StageTransition("proposal", "won", closedAt, "contract_signed"),
            ],
        };
        CustomerAction[] actions =
        [
            new("a", CustomerActionTypes.MeetingBooked, Created.AddDays(3)),
            new("b", CustomerActionTypes.ContractSigned, closedAt),
            new("c", CustomerActionTypes.MeetingBooked, closedAt.AddDays(1)),
        ];

        var example = WinExample.Of(lead, actions, "emea")!;
        var row = WinFeatures.Of(example.Facts, example.ClosedAt, WinVocabulary.From([example.Facts]));

        Assert.True(example.Won);
        Assert.Equal(["a"], example.Facts.Actions.Select(a => a.Id));
        Assert.Equal(1, row[WinFeatures.MeetingsBooked]);
        Assert.Equal(2, row[WinFeatures.StagesReached]);
        Assert.Equal(5, row[WinFeatures.DaysInStage1]);
        Assert.Equal(15, row[WinFeatures.DaysInStage2]);
        Assert.Equal(1, row[WinFeatures.OwnerTeam]);
        Assert.Null(WinExample.Of(lead with { Status = LeadStatus.Open }, actions, null));
    }

    [Fact]
    public void Evaluation_counts_AUC_with_ties_at_half_and_splits_calibration_into_deciles()
    {
        (double, bool)[] perfect = [.. Enumerable.Range(0, 20).Select(i => (i / 20.0, i >= 10))];
        Assert.Equal(1.0, WinEvaluation.Of(perfect, 80).Auc, 1e-12);

        (double, bool)[] tied = [.. Enumerable.Range(0, 20).Select(i => (0.5, i % 2 == 0))];
        var evaluation = WinEvaluation.Of(tied, 80);
        Assert.Equal(0.5, evaluation.Auc, 1e-12);
        Assert.Equal(10, evaluation.Calibration.Count);
        Assert.All(evaluation.Calibration, d => Assert.Equal(2, d.Leads));

        var deciles = WinEvaluation.Of(perfect, 80).Calibration;
        Assert.Equal(0, deciles[0].Observed);
        Assert.Equal(1, deciles[^1].Observed);
        Assert.Equal(0.925, deciles[^1].Predicted, 1e-12);
    }

    [Fact]
    public void Activation_needs_enough_closed_leads_and_an_AUC_above_the_floor()
    {
        var policy = new WinActivationPolicy(200, 0.6);
        Assert.Null(policy.RefusalFor(WinTestModels.Simple(500)));
        Assert.Equal("trained on 150 closed leads; at least 200 are needed", policy.RefusalFor(WinTestModels.Simple(150)));
        var weak = WinTestModels.Simple() with { Evaluation = new WinEvaluation(0.55, 400, 100, 0.3, []) };
        Assert.StartsWith("held-out AUC 0.550 is below the floor 0.60", policy.RefusalFor(weak), StringComparison.Ordinal);
    }
}
