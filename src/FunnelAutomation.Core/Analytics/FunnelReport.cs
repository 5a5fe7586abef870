namespace FunnelAutomation.Core.Analytics;

/// <summary>The funnel of one pipeline for the leads a <see cref="FunnelQuery"/> selects.</summary>
/// <remarks>Rates are fractions (0.8 = 80 %), null when their denominator is zero. Conversions of recent
/// cohorts read low while their leads are still open: compare cohorts that have had time to close.</remarks>
public sealed record FunnelReport
{
    public required string PipelineId { get; init; }

    public required string PipelineName { get; init; }

    public required FunnelQuery Query { get; init; }

    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>One row per pipeline stage, in pipeline order (the last is the won stage).</summary>
    public required IReadOnlyList<StageReport> Stages { get; init; }

    /// <summary>Leads that entered the funnel (reached its first stage).</summary>
    public long Entered { get; init; }

    public long Won { get; init; }

    public long Lost { get; init; }

    public long Open { get; init; }

    /// <summary>Won / entered: seed 001's 5 of 100 = 5 %.</summary>
    public double? WinRate { get; init; }

    /// <summary>Won / (won + lost): the win rate among decided deals.</summary>
    public double? CloseRate { get; init; }

    /// <summary>Average days from lead creation to the win.</summary>
    public double? AverageCycleDays { get; init; }

    /// <summary>Average amount of won deals that have one.</summary>
    public decimal? AverageDealSize { get; init; }

    public decimal WonRevenue { get; init; }

    /// <summary>Sum of the amounts of open leads (no amount counts 0).</summary>
    public decimal OpenPipelineValue { get; init; }

    /// <summary>Σ amount × current stage probability over open leads.</summary>
    public decimal WeightedForecast { get; init; }

    /// <summary>All stalled open leads (the list below may be cut at <see cref="FunnelQuery.StalledLimit"/>).</summary>
    public int StalledCount { get; init; }

    /// <summary>Stalled open leads, longest over their stage norm first.</summary>
    public IReadOnlyList<StalledLead> Stalled { get; init; } = [];

    public FunnelBottleneck? Bottleneck { get; init; }

    /// <summary>Measured conversion from each stage to the next (Count = stages − 1): the input of the
    /// reverse funnel.</summary>
    public IReadOnlyList<double?> StageConversions => Stages.Skip(1).Select(s => s.ConversionFromPrevious).ToList();
}
