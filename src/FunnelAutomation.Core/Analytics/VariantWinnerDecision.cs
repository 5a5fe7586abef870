using FunnelAutomation.Core.Nurture;

namespace FunnelAutomation.Core.Analytics;

/// <summary>Decides an A/B test from its counters (pure: counts and the time in, a decision out). No switch
/// until every variant has <see cref="VariantWinnerRule.MinSendsPerVariant"/> sends; then the variant with the
/// highest rate on the rule's metric wins if a pooled two-proportion z-test (two-sided) against every other
/// variant gives p below the look's share of 1 − confidence. The reported z and p are the weakest of those comparisons.</summary>
/// <remarks>The host asks before each send of the step, but a test looked at again and again switches on noise far
/// more often than 1 − confidence says. So the test is only looked at when the smallest variant's sends reach N,
/// 2N, 4N, … (within a few sends of each point: <see cref="LookWindow"/>), and look k spends (1 − confidence) / 2^(k+1)
/// of the error budget: over all looks a false switch stays within 1 − confidence (a Bonferroni split of alpha).
/// A look no send came by in time is skipped, which only makes the rule stricter.</remarks>
public static class VariantWinnerDecision
{
    public static VariantSwitch? Decide(
        string sequenceId,
        EmailStep step,
        IReadOnlyList<SequenceStepCounters> counters,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(counters);
        if (step.Winner is not { } rule || step.Variants.Count < 2)
        {
            return null;
        }

        var outcomes = step.Variants.Select(v => Outcome(v.Id, rule.Metric, counters.Where(c => c.StepId == step.Id && c.VariantId == v.Id))).ToList();
        var minSends = rule.MinSendsPerVariant ?? 0;
        if (outcomes.Any(o => o.Sent < minSends || o.Trials == 0))
        {
            return null;
        }

        if (Look(outcomes.Min(o => o.Sent), Math.Max(1, minSends)) is not { } look)
        {
            return null;
        }

        var best = outcomes.MaxBy(o => o.Rate)!;
        var confidence = rule.Confidence ?? 0.95;
        var alpha = (1 - confidence) / Math.Pow(2, look + 1);
        (double Z, double P)? weakest = null;
        foreach (var other in outcomes.Where(o => !ReferenceEquals(o, best)))
        {
            if (TwoProportionZ(best.Successes, best.Trials, other.Successes, other.Trials) is not { } test || test.Z <= 0)
            {
                return null; // a tie, or no variance to judge by
            }

            if (weakest is null || test.P > weakest.Value.P)
            {
                weakest = test;
            }
        }

        return weakest is { } w && w.P < alpha
            ? new VariantSwitch(sequenceId, step.Id, best.VariantId, now, rule.Metric, confidence, w.Z, w.P, outcomes)
            : null;
    }

    /// <summary>The sends past a look point (N·2^k) within which the test is still looked at: 5 % of the point, at
    /// least one send, so that concurrent sends (counted a few at a time) do not skip the look.</summary>
    public static long LookWindow(long point) => Math.Max(1, point / 20);

    /// <summary>Which look (0 at N sends, 1 at 2N, …) <paramref name="smallestSends"/> falls in, or null between looks.</summary>
    public static int? Look(long smallestSends, long n)
    {
        for (var k = 0; k < 40; k++)
        {
            var point = n << k;
            if (smallestSends < point)
            {
                return null;
            }

            if (smallestSends < point + LookWindow(point))
            {
                return k;
            }
        }

        return null;
    }

    /// <summary>Pooled two-proportion z statistic of x1/n1 against x2/n2 and its two-sided p-value; null when
    /// either sample is empty or the pooled rate is 0 or 1 (nothing varies).</summary>
    public static (double Z, double P)? TwoProportionZ(long x1, long n1, long x2, long n2)
    {
        if (n1 <= 0 || n2 <= 0)
        {
            return null;
        }

        var pooled = (double)(x1 + x2) / (n1 + n2);
        var se = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / n1) + (1.0 / n2)));
        if (se <= 0 || double.IsNaN(se))
        {
            return null;
        }

        var z = (((double)x1 / n1) - ((double)x2 / n2)) / se;
        return (z, 2 * (1 - NormalCdf(Math.Abs(z))));
    }

    /// <summary>Standard normal CDF (Abramowitz and Stegun 7.1.26 for erf, error below 1.5e-7).</summary>
    public static double NormalCdf(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + (0.3275911 * x));
        var poly = ((((1.061405429 * t) - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592;
        var erf = 1 - (poly * t * Math.Exp(-x * x));
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    private static VariantOutcome Outcome(string variantId, VariantMetric metric, IEnumerable<SequenceStepCounters> rows)
    {
        var sum = rows.Aggregate(new SequenceStepCounters(string.Empty, string.Empty), (a, b) => a.Plus(b));
        var reach = sum.Reach;
        return metric switch
        {
            VariantMetric.Open => new(variantId, sum.Sent, sum.Opened, reach),
            VariantMetric.Click => new(variantId, sum.Sent, sum.Clicked, reach),
            VariantMetric.Reply => new(variantId, sum.Sent, sum.Replied, reach),
            _ => new(variantId, sum.Sent, sum.Conversions, sum.Sent),
        };
    }
}
