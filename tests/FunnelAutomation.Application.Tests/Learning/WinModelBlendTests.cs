using FunnelAutomation.Application.Tests.Fakes;
using FunnelAutomation.Application.Timeline;
using FunnelAutomation.Core.Configuration;
using FunnelAutomation.Core.Scoring;
using FunnelAutomation.TestSupport;

namespace FunnelAutomation.Application.Tests.Learning;

/// <summary>Issue 17: the active win model reaches the intake path. Once activated (the configuration snapshot
/// carries it) a new lead's score blends the rules with the model's probability, as the scoring document says.</summary>
public sealed class WinModelBlendTests
{
    private static readonly (string, string?)[] Ann =
    [
        ("email", "ann.lee@contoso-industrial.de"), ("firstName", "Ann"), ("company", "Contoso Industrial"),
        ("country", "DE"), ("employees", "1500"), ("industry", "manufacturing"), ("jobTitle", "VP Operations"),
    ];

    [Fact]
    public async Task An_activated_model_blends_into_a_new_leads_score_and_its_reasons_show_on_the_timeline()
    {
        var app = await TestApp.CreateAsync();
        Assert.True((await app.Configuration.ActivateAsync(DocumentKinds.Scoring, await HandBuiltWinModels.SampleScoringWithPredictionAsync(0.5, 100), default)).IsSuccess);
        var rulesOnly = (await app.Intake.ProcessAsync(TestApp.Form("s0", ("email", "bo@contoso-industrial.de"), ("employees", "1500"), ("country", "DE"), ("industry", "manufacturing"), ("jobTitle", "VP Operations")), default)).Lead.Score!;
        Assert.Null(rulesOnly.Prediction); // no model active yet: the rules alone

        var version = await app.WinModels.AddAsync(HandBuiltWinModels.BigCompaniesWin(), default);
        await app.WinModels.ActivateAsync(version, app.Clock.GetUtcNow(), default);
        app.Configuration.Invalidate(); // what WinModelService does on activation
        var (_, lead) = await app.Intake.ProcessAsync(TestApp.Form("s1", Ann), default);

        var score = lead.Score!;
        var prediction = Assert.IsType<ScorePrediction>(score.Prediction);
        Assert.Equal(1 / (1 + Math.Exp(-2)), prediction.Probability, 6);
        Assert.Equal("win-blend-test", prediction.ModelVersion);
        Assert.Equal((int)Math.Round(0.5 * prediction.RuleTotal + 0.5 * prediction.Probability * 100, MidpointRounding.AwayFromZero), score.Total);
        Assert.Equal(score.Total, score.Breakdown.Sum(c => c.Points));
        var top = Assert.Single(prediction.TopContributions);
        Assert.Equal("company of 1,500 employees raises the odds", top.Reason);
        Assert.Contains("model: company of 1,500 employees raises the odds", LeadTimeline.ScoreDetails(score));
    }

    [Fact]
    public async Task A_model_trained_on_fewer_closed_leads_than_the_document_asks_leaves_the_rules_alone()
    {
        var app = await TestApp.CreateAsync();
        Assert.True((await app.Configuration.ActivateAsync(DocumentKinds.Scoring, await HandBuiltWinModels.SampleScoringWithPredictionAsync(0.5, 1000), default)).IsSuccess);
        var version = await app.WinModels.AddAsync(HandBuiltWinModels.BigCompaniesWin(), default); // 400 closed leads < 1,000
        await app.WinModels.ActivateAsync(version, app.Clock.GetUtcNow(), default);
        app.Configuration.Invalidate();

        var (_, lead) = await app.Intake.ProcessAsync(TestApp.Form("s1", Ann), default);

        Assert.Null(lead.Score!.Prediction);
        Assert.DoesNotContain(lead.Score.Breakdown, c => c.Category == ScoreCategory.Prediction);
    }
}
