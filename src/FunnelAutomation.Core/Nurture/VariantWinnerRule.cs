using FunnelAutomation.Core.Configuration;

namespace FunnelAutomation.Core.Nurture;

/// <summary>When an A/B test ends: once every variant has been sent <see cref="MinSendsPerVariant"/> times, the
/// variant with the best <see cref="Metric"/> rate wins if a two-proportion z-test finds it better than every
/// other variant at <see cref="Confidence"/>. From then on every lead gets the winner.</summary>
public sealed record VariantWinnerRule
{
    public VariantMetric Metric { get; init; } = VariantMetric.Click;

    [ConfigNumber(SequenceValidator.MinSendsRule)]
    public int? MinSendsPerVariant { get; init; } = 100;

    /// <summary>The test named explicitly so the document says how significance is judged.</summary>
    public SignificanceTest Test { get; init; } = SignificanceTest.TwoProportionZ;

    /// <summary>Two-sided confidence level: 0.95 means a p-value below 0.05.</summary>
    [ConfigNumber(SequenceValidator.ConfidenceRule)]
    public double? Confidence { get; init; } = 0.95;
}

/// <summary>What a winner is judged on. Open, click and reply are over delivered emails (sent while no delivery
/// is reported); conversion is over sent, as in the sequence performance report.</summary>
public enum VariantMetric
{
    Open,
    Click,
    Reply,
    Conversion,
}

public enum SignificanceTest
{
    /// <summary>Pooled two-proportion z-test, two-sided.</summary>
    TwoProportionZ,
}
