namespace FunnelAutomation.Core.Analytics;

/// <summary>One stage of a funnel report.</summary>
/// <param name="Reached">Leads that reached the stage (skipped stages count as reached).</param>
/// <param name="ConversionFromPrevious">Reached here / reached in the previous stage (null for the first).</param>
/// <param name="ConversionFromTop">Reached here / reached in the first stage.</param>
/// <param name="AverageDaysInStage">Average length of completed stays (the lead left the stage).</param>
/// <param name="Open">Open leads in the stage now.</param>
/// <param name="Stalled">Open leads here longer than <paramref name="NormDays"/>.</param>
public sealed record StageReport(
    string StageId,
    string Name,
    long Reached,
    double? ConversionFromPrevious,
    double? ConversionFromTop,
    double? AverageDaysInStage,
    long CompletedStays,
    long Open,
    decimal OpenValue,
    decimal WeightedValue,
    int Stalled,
    decimal Probability,
    int? NormDays);
