using System.Text.Json;
using FunnelAutomation.Core.Learning;
using FunnelAutomation.Learning;
using FunnelAutomation.Learning.Synthetic;
using Xunit.Abstractions;

namespace FunnelAutomation.Learning.Tests;

/// <summary>The model on generated history: it finds a planted signal (company size, pricing-page visits), finds
/// nothing where there is none (and is then refused activation), and the exported Core model predicts what
/// ML.NET predicts. Sizes are kept small so each training takes a second or two.</summary>
public sealed class WinModelTrainingTests(ITestOutputHelper output)
{
    private const double SignalAucFloor = 0.75;
    private static readonly DateTimeOffset TrainedAt = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly WinTrainingOptions Options = new() { Threads = 1 };

    private static readonly Lazy<WinTraining> Signal = new(() =>
        WinModelTrainer.Train(WinHistoryGenerator.Examples(4000, signal: true, seed: 1), Options, "win-signal", TrainedAt));

    private static readonly Lazy<WinTraining> NoSignal = new(() =>
        WinModelTrainer.Train(WinHistoryGenerator.Examples(4000, signal: false, seed: 2), Options, "win-noise", TrainedAt));

    [Fact]
    public void On_history_with_a_signal_the_held_out_AUC_is_above_the_floor()
    {
        var training = Signal.Value;
        var evaluation = training.Model.Evaluation;

        // The best any model can do here: the planted log-odds themselves, on the same held-out leads.
        var oracle = WinEvaluation.Of(
            [.. training.HeldOutFeatures.Select((row, i) => (
                WinHistoryGenerator.SignalLogOdds((int)row[WinFeatures.Employees], (int)row[WinFeatures.PricingVisits]),
                training.HeldOutWon[i]))],
            0);
        output.WriteLine($"AUC {evaluation.Auc:0.000} on {evaluation.HeldOutRows} held-out leads; the planted signal itself: {oracle.Auc:0.000}");
        Assert.Equal(800, evaluation.HeldOutRows);
        Assert.Equal(3200, evaluation.TrainingRows);
        Assert.True(evaluation.Auc > SignalAucFloor, $"AUC {evaluation.Auc:0.000} is not above {SignalAucFloor}");
    }

    [Fact]
    public void On_history_with_a_signal_company_size_and_pricing_visits_are_the_top_contributions()
    {
        var training = Signal.Value;
        var mean = new double[WinFeatures.Count];
        foreach (var row in training.HeldOutFeatures)
        {
            var contributions = training.Model.Contributions(row, out _);
            for (var f = 0; f < mean.Length; f++)
            {
                mean[f] += Math.Abs(contributions[f]) / training.HeldOutFeatures.Count;
            }
        }

        var top = Enumerable.Range(0, mean.Length).OrderByDescending(f => mean[f]).Take(2).Select(f => WinFeatures.Names[f]).ToArray();
        output.WriteLine(string.Join(", ", Enumerable.Range(0, mean.Length).OrderByDescending(f => mean[f]).Select(f => $"{WinFeatures.Names[f]} {mean[f]:0.000}")));
        Assert.Equal(["employees", "pricingVisits"], top.Order());
    }

    [Fact]
    public void A_big_company_with_pricing_visits_is_explained_in_words_that_raise_the_odds()
    {
        var training = Signal.Value;
        var row = new float[WinFeatures.Count];
        training.HeldOutFeatures[0].CopyTo(row, 0);
        row[WinFeatures.Employees] = 5000;
        row[WinFeatures.PricingVisits] = 4;
        var prediction = training.Model.Predict(row, top: 2);

        Assert.Equal("win-signal", prediction.ModelVersion);
        Assert.Contains(prediction.TopContributions, c => c.Reason == "company of 5,000 employees raises the odds");
        Assert.Contains(prediction.TopContributions, c => c.Reason == "4 pricing-page visits raises the odds");
        row[WinFeatures.Employees] = 8;
        row[WinFeatures.PricingVisits] = 0;
        Assert.True(training.Model.Probability(row) < prediction.Probability);
    }

    [Fact]
    public void On_history_without_a_signal_the_AUC_stays_near_a_coin_and_the_model_is_not_activated()
    {
        var model = NoSignal.Value.Model;
        output.WriteLine($"AUC {model.Evaluation.Auc:0.000}");
        Assert.InRange(model.Evaluation.Auc, 0.42, 0.58);

        var refusal = WinActivationPolicy.Default.RefusalFor(model);
        Assert.NotNull(refusal);
        Assert.Contains("below the floor 0.60", refusal);
        Assert.Null(WinActivationPolicy.Default.RefusalFor(Signal.Value.Model));
    }

    [Fact]
    public void The_exported_Core_model_predicts_what_ML_NET_predicts_on_held_out_rows()
    {
        var training = Signal.Value;
        var expected = training.MlNet.Probabilities(training.HeldOutFeatures);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], training.Model.Probability(training.HeldOutFeatures[i]), 1e-5);
        }
    }

    [Fact]
    public void Contributions_add_up_to_the_raw_score()
    {
        var model = Signal.Value.Model;
        foreach (var row in Signal.Value.HeldOutFeatures.Take(50))
        {
            var contributions = model.Contributions(row, out var expected);
            Assert.Equal(model.RawScore(row), expected + contributions.Sum(), 1e-9);
        }
    }

    [Fact]
    public void The_model_round_trips_as_JSON_and_predicts_the_same()
    {
        var model = Signal.Value.Model;
        var json = JsonSerializer.Serialize(model);
        var back = JsonSerializer.Deserialize<WinModel>(json)!;
        var row = Signal.Value.HeldOutFeatures[3];
        Assert.Equal(model.Probability(row), back.Probability(row), 1e-12);
        Assert.Equal(model.Evaluation.Auc, back.Evaluation.Auc);
        Assert.Equal(10, back.Evaluation.Calibration.Count);
    }

    [Fact]
    public void Calibration_deciles_rise_with_the_predicted_probability_on_signal_data()
    {
        var deciles = Signal.Value.Model.Evaluation.Calibration;
        foreach (var d in deciles)
        {
            output.WriteLine($"decile {d.Decile}: {d.Leads} leads, predicted {d.Predicted:0.00}, observed {d.Observed:0.00}");
        }

        Assert.Equal(800, deciles.Sum(d => d.Leads));
        Assert.True(deciles[^1].Observed > deciles[0].Observed + 0.3, "the top decile should win far more often than the bottom one");
        Assert.True(Math.Abs(deciles.Average(d => d.Predicted) - Signal.Value.Model.Evaluation.HeldOutWinRate) < 0.05);
    }
}
