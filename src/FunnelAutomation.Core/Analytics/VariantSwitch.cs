using FunnelAutomation.Core.Nurture;

namespace FunnelAutomation.Core.Analytics;

/// <summary>An A/B test that ended: from <see cref="At"/> every lead reaching the step gets
/// <see cref="WinnerVariantId"/>. Why: the counts per variant at that moment, the rates on <see cref="Metric"/>,
/// and the z-test of the winner against the closest other variant (<see cref="Z"/>, two-sided <see cref="P"/>,
/// below 1 − <see cref="Confidence"/>).</summary>
public sealed record VariantSwitch(
    string SequenceId,
    string StepId,
    string WinnerVariantId,
    DateTimeOffset At,
    VariantMetric Metric,
    double Confidence,
    double Z,
    double P,
    IReadOnlyList<VariantOutcome> Variants)
{
    public string Reason => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{WinnerVariantId} won on {Metric.ToString().ToLowerInvariant()} rate: {string.Join(", ", Variants.Select(v => $"{v.VariantId} {v.Successes}/{v.Trials} = {v.Rate:P1}"))}; two-proportion z = {Z:F2}, p = {P:F4} < {1 - Confidence:0.###}");
}

/// <summary>One variant's score when the test was decided: successes (opens, clicks, …) over trials.</summary>
public sealed record VariantOutcome(string VariantId, long Sent, long Successes, long Trials)
{
    public double Rate => Trials == 0 ? 0 : (double)Successes / Trials;
}
