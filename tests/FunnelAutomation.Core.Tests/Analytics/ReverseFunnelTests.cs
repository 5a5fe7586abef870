using FsCheck.Xunit;
using FunnelAutomation.Core.Analytics;

namespace FunnelAutomation.Core.Tests.Analytics;

public class ReverseFunnelTests
{
    private static readonly double[] SeedRates = [0.8, 0.5, 0.5, 0.5, 0.5];

    [Fact]
    public void Each_step_rounds_up_to_whole_leads()
    {
        // 1,000,000 / 45,000 = 22.2 → 23 deals; 23 / .5 = 46; 46 / .5 = 92; 92 / .5 = 184; 184 / .5 = 368; 368 / .8 = 460.
        var plan = ReverseFunnel.Plan(1_000_000m, 45_000m, SeedRates).Value;

        Assert.Equal(23, plan.DealsNeeded);
        Assert.Equal([460L, 368, 184, 92, 46, 23], plan.Stages.Select(s => s.LeadsNeeded));
        Assert.Equal([0.8, 0.5, 0.5, 0.5, 0.5, null], plan.Stages.Select(s => s.ConversionToNext));
    }

    [Fact]
    public void Invalid_inputs_are_listed_together()
    {
        var result = ReverseFunnel.Plan(0m, -1m, [0.5, 0, 1.5, double.NaN], ["a", "b"]);

        Assert.False(result.IsSuccess);
        Assert.Equal(
            ["$.revenueTarget", "$.averageDealSize", "$.stageConversions[1]", "$.stageConversions[2]", "$.stageConversions[3]", "$.stageIds"],
            result.Errors.Select(e => e.Path));
    }

    /// <summary>Plan from rates and a target, run the planned top-of-funnel forward through the same rates:
    /// the target comes back, exceeded by less than the rounding (one deal per stage at most).</summary>
    [Property(MaxTest = 300)]
    public bool Running_the_plan_forward_gives_the_target_back(int seed)
    {
        var random = new Random(seed);
        var rates = Enumerable.Range(0, random.Next(1, 7)).Select(_ => Math.Round(0.05 + (random.NextDouble() * 0.95), 3)).ToArray();
        var dealSize = random.Next(500, 100_000);
        var target = (decimal)random.Next(1_000, 10_000_000);

        var plan = ReverseFunnel.Plan(target, dealSize, rates).Value;
        var expected = ReverseFunnel.Project(plan.LeadsNeeded, rates);
        var revenue = (decimal)expected[^1] * dealSize;

        // Rounding up adds under one lead per stage, i.e. under Σ (Π of the rates after it) deals.
        var slackDeals = 1.0 + Enumerable.Range(0, rates.Length).Sum(i => rates.Skip(i).Aggregate(1.0, (a, r) => a * r));
        return revenue >= target * 0.999999m
            && expected[^1] >= plan.DealsNeeded - 1e-6
            && expected[^1] - (double)(target / dealSize) <= slackDeals + 1e-6
            && plan.Stages.Zip(plan.Stages.Skip(1)).All(p => p.First.LeadsNeeded >= p.Second.LeadsNeeded);
    }
}
