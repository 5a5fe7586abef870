using BenchmarkDotNet.Attributes;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Routing;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Bench.Core;

/// <summary>Score + route one lead with the sample model, rules and roster. Each invocation walks a pool of
/// <see cref="PoolSize"/> varied leads (so branch predictors and caches see a realistic mix) and BenchmarkDotNet
/// divides by it: Mean is per lead, Allocated is bytes per lead. Routing starts from the same prepared state
/// for every lead (a day already running, some reps loaded, some accounts owned), as the intake does when it
/// reads the current routing state.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ScoreAndRouteBenchmarks
{
    public const int PoolSize = 1024;

    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    private (LeadProfile Profile, CustomerAction[] Actions)[] _pool = [];
    private LeadScorer _scorer = null!;
    private LeadRouter _router = null!;
    private RoutingState _state = RoutingState.Empty;
    private Grade[] _grades = [];

    [GlobalSetup]
    public void Setup()
    {
        _pool = ProfileGenerator.Pool(PoolSize, Now);
        _scorer = new LeadScorer(Samples.Scoring());
        _router = Samples.Router();

        // Warm state: route 200 leads first so cursors, loads and a few account owners exist.
        var state = RoutingState.Empty;
        for (var i = 0; i < 200; i++)
        {
            var (profile, actions) = _pool[i];
            var score = _scorer.Score(profile, actions, Now);
            state = _router.Route(profile, score.Grade, state, Now).State;
        }

        _state = state;
        _grades = [.. _pool.Select(p => _scorer.Score(p.Profile, p.Actions, Now).Grade)];
    }

    [Benchmark(OperationsPerInvoke = PoolSize, Baseline = true)]
    public int ScoreAndRoute()
    {
        var sum = 0;
        var pool = _pool;
        for (var i = 0; i < pool.Length; i++)
        {
            var (profile, actions) = pool[i];
            var score = _scorer.Score(profile, actions, Now);
            var decision = _router.Route(profile, score.Grade, _state, Now);
            sum += score.Total + (int)decision.Outcome;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = PoolSize)]
    public int ScoreOnly()
    {
        var sum = 0;
        var pool = _pool;
        for (var i = 0; i < pool.Length; i++)
        {
            sum += _scorer.Score(pool[i].Profile, pool[i].Actions, Now).Total;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = PoolSize)]
    public int RouteOnly()
    {
        var sum = 0;
        var pool = _pool;
        for (var i = 0; i < pool.Length; i++)
        {
            sum += (int)_router.Route(pool[i].Profile, _grades[i], _state, Now).Outcome;
        }

        return sum;
    }

    /// <summary>Routing with the state carried from lead to lead (what a single routing partition does in
    /// sequence): includes the immutable-state updates each assignment makes.</summary>
    [Benchmark(OperationsPerInvoke = PoolSize)]
    public int ScoreAndRouteCarryingState()
    {
        var state = _state;
        var sum = 0;
        var pool = _pool;
        for (var i = 0; i < pool.Length; i++)
        {
            var (profile, actions) = pool[i];
            var score = _scorer.Score(profile, actions, Now);
            var decision = _router.Route(profile, score.Grade, state, Now);
            state = decision.State;
            sum += score.Total;
        }

        return sum;
    }
}
