using System.Globalization;
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

    /// <summary>Issue 18: 11/21 and 5/11 as doubles are a hair off the ratios, and 20 deals ÷ (5/11) came out
    /// 44.000…04 → 45 leads; the counts give exactly 44 and 84.</summary>
    [Fact]
    public void Exact_ratios_give_exact_leads()
    {
        var fromRates = ReverseFunnel.Plan(20m, 1m, [11.0 / 21, 5.0 / 11]).Value;
        var fromCounts = ReverseFunnel.PlanFromCounts(20m, 1m, [2_100L, 1_100, 500]).Value;

        Assert.Equal([84L, 44, 20], fromRates.Stages.Select(s => s.LeadsNeeded));
        Assert.Equal([84L, 44, 20], fromCounts.Stages.Select(s => s.LeadsNeeded));
        Assert.Equal([11.0 / 21, 5.0 / 11, null], fromCounts.Stages.Select(s => s.ConversionToNext));
    }

    /// <summary>When the rates are the ratios of stage counts and the target is the last count's deals, the
    /// plan gives back every count: from the counts exactly, and from the rates (doubles) too.</summary>
    [Property(MaxTest = 500)]
    public bool A_plan_over_ratios_of_stage_counts_reproduces_the_counts(int seed)
    {
        var random = new Random(seed);
        var counts = new long[random.Next(2, 8)];
        counts[0] = random.Next(1, 1_000_000);
        for (var i = 1; i < counts.Length; i++)
        {
            counts[i] = random.NextInt64(1, counts[i - 1] + 1);
        }

        var rates = counts.Skip(1).Select((c, i) => (double)c / counts[i]).ToArray();
        var dealSize = random.Next(1, 100_000);
        var target = counts[^1] * (decimal)dealSize;

        var fromCounts = ReverseFunnel.PlanFromCounts(target, dealSize, counts).Value;
        var fromRates = ReverseFunnel.Plan(target, dealSize, rates).Value;
        return fromCounts.Stages.Select(s => s.LeadsNeeded).SequenceEqual(counts)
            && fromRates.Stages.Select(s => s.LeadsNeeded).SequenceEqual(counts);
    }

    [Fact]
    public void Counts_that_cannot_be_planned_through_are_listed_by_index()
    {
        var result = ReverseFunnel.PlanFromCounts(100m, 10m, [10L, 0, 5, 8], ["a", "b"]);

        Assert.Equal(["$.stageCounts[1]", "$.stageCounts[3]", "$.stageIds"], result.Errors.Select(e => e.Path));
    }

    [Theory]
    [InlineData("100000000000000000000", "1")] // 10^20 deals: more than a long holds
    [InlineData("79228162514264337593543950335", "1")] // decimal.MaxValue
    [InlineData("1000", "0.0000000000000000000000000001")] // the smallest decimal deal size
    public void An_out_of_range_target_is_refused_by_path_instead_of_overflowing(string target, string dealSize)
    {
        var result = ReverseFunnel.Plan(decimal.Parse(target, CultureInfo.InvariantCulture), decimal.Parse(dealSize, CultureInfo.InvariantCulture), SeedRates);

        Assert.False(result.IsSuccess);
        Assert.Equal("$.revenueTarget", Assert.Single(result.Errors).Path);
    }

    [Fact]
    public void The_largest_target_plans_when_its_stages_fit()
    {
        var plan = ReverseFunnel.Plan(ReverseFunnel.MaxAmount, 1m, SeedRates).Value;

        Assert.Equal(1_000_000_000_000_000L, plan.DealsNeeded);
        Assert.Equal(20_000_000_000_000_000L, plan.LeadsNeeded); // 10^15 / .5^4 / .8
    }

    [Fact]
    public void A_plan_whose_top_stage_would_pass_the_long_range_is_refused_naming_the_stage()
    {
        var result = ReverseFunnel.Plan(ReverseFunnel.MaxAmount, 1m, [0.0001, 0.5], ["lead", "sql", "won"]);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.revenueTarget", error.Path);
        Assert.Contains("\"lead\"", error.Reason, StringComparison.Ordinal);
    }

    /// <summary>Whatever the magnitudes, a plan is an answer or a list of errors, never an exception.</summary>
    [Property(MaxTest = 500)]
    public bool Planning_never_throws_on_extreme_numbers(int seed)
    {
        var random = new Random(seed);
        decimal[] amounts = [decimal.MaxValue, ReverseFunnel.MaxAmount, ReverseFunnel.MaxAmount + 1, 1e20m, long.MaxValue, 1m, 0.01m, 1e-28m, 0m, -1m];
        double[] rates = [1, 0.5, 1e-3, 1e-12, 1e-28, 1e-29, double.Epsilon, 0, double.NaN];
        decimal Amount() => random.Next(3) == 0 ? amounts[random.Next(amounts.Length)] : (decimal)(random.NextDouble() * Math.Pow(10, random.Next(-20, 28)));
        var conversions = Enumerable.Range(0, random.Next(0, 8)).Select(_ => random.Next(2) == 0 ? rates[random.Next(rates.Length)] : random.NextDouble()).ToArray();

        var result = ReverseFunnel.Plan(Amount(), Amount(), conversions);

        return result.IsSuccess ? result.Value.Stages.All(s => s.LeadsNeeded >= 1) : result.Errors.Count > 0;
    }
}
