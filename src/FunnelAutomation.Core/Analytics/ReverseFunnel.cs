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

        for (var i = 0; i < stageConversions.Count; i++)
        {
            if (!(stageConversions[i] > 0 && stageConversions[i] <= 1))
            {
                errors.Add(new(string.Create(CultureInfo.InvariantCulture, $"$.stageConversions[{i}]"), "must be in (0, 1]: a stage no lead leaves cannot be planned through"));
            }
        }

        if (stageIds is not null && stageIds.Count != stageConversions.Count + 1)
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

        var needed = new long[stageConversions.Count + 1];
        needed[^1] = deals;
        for (var i = stageConversions.Count - 1; i >= 0; i--)
        {
            // Decimal keeps 10 / 0.5 = 20 exact (a double would round up to 21 on noise). A rate below
            // decimal's smallest step becomes 0, and is refused like any other overflow.
            if (CeilingQuotient(needed[i + 1], (decimal)stageConversions[i]) is not { } leads)
            {
                var stage = stageIds is null ? string.Create(CultureInfo.InvariantCulture, $"stage {i}") : $"stage \"{stageIds[i]}\"";
                return Result<ReverseFunnelPlan>.Failure("$.revenueTarget", string.Create(CultureInfo.InvariantCulture,
                    $"too large for this funnel's conversions: {stage} would need more than {MaxLeads:N0} leads"));
            }

            needed[i] = leads;
        }

        var stages = needed
            .Select((leads, i) => new StagePlan(i, stageIds?[i], leads, i < stageConversions.Count ? stageConversions[i] : null))
            .ToList();
        return Result<ReverseFunnelPlan>.Success(new ReverseFunnelPlan(revenueTarget, averageDealSize, deals, stages));
    }

    /// <summary>⌈amount / divisor⌉ as a count, or null when it exceeds <see cref="MaxLeads"/> (or the divisor
    /// is 0). Compared before dividing, so no decimal overflow is ever raised: amount / divisor &gt; max
    /// ⇔ amount &gt; max × divisor, and that product cannot overflow for a divisor below 1; for a divisor of
    /// 1 or more the quotient is at most the amount.</summary>
    private static long? CeilingQuotient(decimal amount, decimal divisor)
    {
        if (divisor <= 0 || (divisor < 1 && amount > MaxLeads * divisor))
        {
            return null;
        }

        var quotient = Math.Ceiling(amount / divisor);
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
