using System.Globalization;
using FunnelAutomation.Core.Common;

namespace FunnelAutomation.Core.Analytics;

/// <summary>Seed 000's "how many opportunities do we need": from a revenue target and an average deal size
/// to the deals needed, then backwards through each stage's conversion to the leads each stage needs.
/// Every step rounds up (a fraction of a lead is a whole lead), so running the plan forward through the
/// same rates meets or slightly exceeds the target.</summary>
public static class ReverseFunnel
{
    /// <summary>The largest revenue target (and average deal size) a plan takes: 10^15, far above any real
    /// target, so a bigger one is most likely a typo. Overflow is prevented by the checked arithmetic below, not
    /// by this limit.</summary>
    public const decimal MaxAmount = 1_000_000_000_000_000m;

    /// <summary>A rate given as a double is the ratio it stands for only to about 15 digits (5/11 comes out a
    /// hair below), so a quotient this close above a whole number is taken as that number: 20 ÷ (5/11) is 44,
    /// not 44.000…04 → 45.</summary>
    private const decimal RateTolerance = 1e-12m;

    /// <summary>The most leads (or deals) a stage of a plan may need; beyond it the plan is refused, not wrapped.</summary>
    public const long MaxLeads = long.MaxValue;

    /// <param name="stageConversions">Conversion from stage i to stage i + 1, for a pipeline of
    /// <c>Count + 1</c> stages (the last stage is the win).</param>
    /// <param name="stageIds">Optional names for the stages (Count + 1 of them).</param>
    public static Result<ReverseFunnelPlan> Plan(
        decimal revenueTarget,
        decimal averageDealSize,
        IReadOnlyList<double> stageConversions,
        IReadOnlyList<string>? stageIds = null)
    {
        ArgumentNullException.ThrowIfNull(stageConversions);
        var errors = AmountErrors(revenueTarget, averageDealSize);
        for (var i = 0; i < stageConversions.Count; i++)
        {
            if (!(stageConversions[i] > 0 && stageConversions[i] <= 1))
            {
                errors.Add(new(string.Create(CultureInfo.InvariantCulture, $"$.stageConversions[{i}]"), "must be in (0, 1]: a stage no lead leaves cannot be planned through"));
            }
        }

        return Build(revenueTarget, averageDealSize, stageIds, errors, stageConversions.Count,
            // Decimal keeps 10 / 0.5 = 20 exact (a double would round up to 21 on noise). A rate below
            // decimal's smallest step becomes 0, and is refused like any other overflow.
            (next, i) => CeilingQuotient(next, (decimal)stageConversions[i], RateTolerance),
            i => stageConversions[i]);
    }

    /// <summary>The plan from the counts that reached each stage (<paramref name="stageReached"/>[0] is the
    /// top): each step is ⌈needed × reached[i] / reached[i + 1]⌉ in whole numbers, so counts in exact ratios
    /// give exact answers (5 of 11 is not the double 0.4545…, which made 20 deals need 45 leads, not 44).</summary>
    public static Result<ReverseFunnelPlan> PlanFromCounts(
        decimal revenueTarget,
        decimal averageDealSize,
        IReadOnlyList<long> stageReached,
        IReadOnlyList<string>? stageIds = null)
    {
        ArgumentNullException.ThrowIfNull(stageReached);
        var errors = AmountErrors(revenueTarget, averageDealSize);
        for (var i = 0; i < stageReached.Count; i++)
        {
            if (stageReached[i] <= 0)
            {
                errors.Add(new(string.Create(CultureInfo.InvariantCulture, $"$.stageCounts[{i}]"), "must be greater than 0: a stage no lead reached cannot be planned through"));
            }
            else if (i > 0 && stageReached[i - 1] > 0 && stageReached[i] > stageReached[i - 1])
            {
                errors.Add(new(string.Create(CultureInfo.InvariantCulture, $"$.stageCounts[{i}]"), "must be at most the previous stage's count"));
            }
        }

        return Build(revenueTarget, averageDealSize, stageIds, errors, Math.Max(stageReached.Count - 1, 0),
            (next, i) => CeilingRatio(next, stageReached[i], stageReached[i + 1]),
            i => (double)stageReached[i + 1] / stageReached[i]);
    }

    private static List<ValidationError> AmountErrors(decimal revenueTarget, decimal averageDealSize)
    {
        var errors = new List<ValidationError>();
        if (revenueTarget <= 0)
        {
            errors.Add(new("$.revenueTarget", "must be greater than 0"));
        }
        else if (revenueTarget > MaxAmount)
        {
            errors.Add(new("$.revenueTarget", string.Create(CultureInfo.InvariantCulture, $"must be at most {MaxAmount:N0}")));
        }

        if (averageDealSize <= 0)
        {
            errors.Add(new("$.averageDealSize", "must be greater than 0 (no won deal with an amount yet? give one)"));
        }
        else if (averageDealSize > MaxAmount)
        {
            errors.Add(new("$.averageDealSize", string.Create(CultureInfo.InvariantCulture, $"must be at most {MaxAmount:N0}")));
        }

        return errors;
    }

    /// <summary>Works backwards from the deals: <paramref name="step"/> gives the leads stage i needs from
    /// the leads stage i + 1 needs (null past <see cref="MaxLeads"/>).</summary>
    private static Result<ReverseFunnelPlan> Build(
        decimal revenueTarget,
        decimal averageDealSize,
        IReadOnlyList<string>? stageIds,
        List<ValidationError> errors,
        int conversions,
        Func<long, int, long?> step,
        Func<int, double> rate)
    {
        if (stageIds is not null && stageIds.Count != conversions + 1)
        {
            errors.Add(new("$.stageIds", "must name one stage more than there are conversions"));
        }

        if (errors.Count > 0)
        {
            return Result<ReverseFunnelPlan>.Failure(errors);
        }

        if (CeilingQuotient(revenueTarget, averageDealSize) is not { } deals)
        {
            return Result<ReverseFunnelPlan>.Failure("$.revenueTarget", string.Create(CultureInfo.InvariantCulture,
                $"too large for an average deal of {averageDealSize}: it needs more than {MaxLeads:N0} deals"));
        }

        var needed = new long[conversions + 1];
        needed[^1] = deals;
        for (var i = conversions - 1; i >= 0; i--)
        {
            if (step(needed[i + 1], i) is not { } leads)
            {
                var stage = stageIds is null ? string.Create(CultureInfo.InvariantCulture, $"stage {i}") : $"stage \"{stageIds[i]}\"";
                return Result<ReverseFunnelPlan>.Failure("$.revenueTarget", string.Create(CultureInfo.InvariantCulture,
                    $"too large for this funnel's conversions: {stage} would need more than {MaxLeads:N0} leads"));
            }

            needed[i] = leads;
        }

        var stages = needed
            .Select((leads, i) => new StagePlan(i, stageIds?[i], leads, i < conversions ? rate(i) : null))
            .ToList();
        return Result<ReverseFunnelPlan>.Success(new ReverseFunnelPlan(revenueTarget, averageDealSize, deals, stages));
    }

    /// <summary>⌈next × from / to⌉ in 128-bit integers (no rounding), or null past <see cref="MaxLeads"/>.</summary>
    private static long? CeilingRatio(long next, long from, long to)
    {
        var quotient = ((Int128)next * from + to - 1) / to;
        return quotient > MaxLeads ? null : (long)quotient;
    }

    /// <summary>⌈amount / divisor⌉ as a count, or null when it exceeds <see cref="MaxLeads"/> (or the divisor
    /// is 0). Compared before dividing, so no decimal overflow is ever raised: amount / divisor &gt; max
    /// ⇔ amount &gt; max × divisor, and that product cannot overflow for a divisor below 1; for a divisor of
    /// 1 or more the quotient is at most the amount.</summary>
    private static long? CeilingQuotient(decimal amount, decimal divisor, decimal relativeTolerance = 0m)
    {
        if (divisor <= 0 || (divisor < 1 && amount > MaxLeads * divisor))
        {
            return null;
        }

        var exact = amount / divisor;
        var nearest = Math.Round(exact);
        var quotient = Math.Abs(exact - nearest) <= exact * relativeTolerance ? nearest : Math.Ceiling(exact);
        return quotient > MaxLeads ? null : (long)quotient;
    }

    /// <summary>The forward reading: expected leads in each stage when <paramref name="topLeads"/> enter
    /// and every stage converts at its rate.</summary>
    public static IReadOnlyList<double> Project(long topLeads, IReadOnlyList<double> stageConversions)
    {
        ArgumentNullException.ThrowIfNull(stageConversions);
        var expected = new double[stageConversions.Count + 1];
        expected[0] = topLeads;
        for (var i = 0; i < stageConversions.Count; i++)
        {
            expected[i + 1] = expected[i] * stageConversions[i];
        }

        return expected;
    }
}
