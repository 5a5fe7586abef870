using BenchmarkDotNet.Attributes;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Learning;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Routing;
using FunnelAutomation.Core.Scoring;
using FunnelAutomation.Learning;
using FunnelAutomation.Learning.Synthetic;

namespace FunnelAutomation.Bench.Core;

/// <summary>The win model on the intake path: a model trained (in setup) on 10,000 generated closed leads and
/// exported to Core, evaluated on the same pool of 1,024 leads as <see cref="ScoreAndRouteBenchmarks"/>.
/// Mean and Allocated are per lead. ScoreRoutePredict is what intake does with a prediction section in the
/// scoring document: rule score, blend (probability + top 3 contributions), route on the blended grade.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class WinPredictionBenchmarks
{
    private const int PoolSize = ScoreAndRouteBenchmarks.PoolSize;
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    private (LeadProfile Profile, CustomerAction[] Actions)[] _pool = [];
    private WinFacts[] _facts = [];
    private WinModel _model = null!;
    private LeadScorer _scorer = null!;
    private LeadRouter _router = null!;
    private RoutingState _state = RoutingState.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _pool = ProfileGenerator.Pool(PoolSize, Now);
        _facts = [.. _pool.Select(p => new WinFacts(p.Profile, Now.AddDays(-14), p.Actions, [new StageTransition(null, "new", Now.AddDays(-14), "form_submitted")], null))];
        _model = WinModelTrainer.Train(WinHistoryGenerator.Examples(10_000, signal: true, seed: 1), new WinTrainingOptions(), "win-bench", Now).Model;

        // The sample scoring document with a prediction section (weight 0.3).
        var json = Samples.Read("scoring.json").Replace("\"grades\":", "\"prediction\": { \"weight\": 0.3, \"minClosedLeads\": 1000 },\n  \"grades\":", StringComparison.Ordinal);
        _scorer = new LeadScorer(ScoringModel.Load(json).Value);
        _router = Samples.Router();
        var state = RoutingState.Empty;
        for (var i = 0; i < 200; i++)
        {
            state = _router.Route(_pool[i].Profile, _scorer.Score(_pool[i].Profile, _pool[i].Actions, Now).Grade, state, Now).State;
        }

        _state = state;
    }

    /// <summary>Probability only: features into a stack buffer, 100 trees, the calibrator.</summary>
    [Benchmark(OperationsPerInvoke = PoolSize)]
    public double PredictProbability()
    {
        var sum = 0.0;
        for (var i = 0; i < _facts.Length; i++)
        {
            sum += _model.Probability(_facts[i], Now);
        }

        return sum;
    }

    /// <summary>Probability with the top 3 contributions in words (what the lead view shows).</summary>
    [Benchmark(OperationsPerInvoke = PoolSize)]
    public double PredictExplained()
    {
        var sum = 0.0;
        for (var i = 0; i < _facts.Length; i++)
        {
            sum += _model.Predict(_facts[i], Now).Probability;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = PoolSize, Baseline = true)]
    public int ScoreRoutePredict()
    {
        var sum = 0;
        for (var i = 0; i < _pool.Length; i++)
        {
            var (profile, actions) = _pool[i];
            var score = _scorer.Score(profile, actions, Now, _model, _facts[i]);
            var decision = _router.Route(profile, score.Grade, _state, Now);
            sum += score.Total + (int)decision.Outcome;
        }

        return sum;
    }
}
