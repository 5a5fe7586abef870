namespace FunnelAutomation.Core.Analytics;

/// <summary>The funnel split by creation month and by lead source. <see cref="StageIds"/> names the
/// entries of every row's <see cref="CohortRow.Reached"/>.</summary>
public sealed record CohortReport(
    string PipelineId,
    IReadOnlyList<string> StageIds,
    IReadOnlyList<CohortRow> ByMonth,
    IReadOnlyList<CohortRow> BySource);

/// <summary>One cohort: leads entered, reached per stage, outcome, win rate (won / entered), cycle and deal size.</summary>
public sealed record CohortRow(
    string Cohort,
    long Entered,
    IReadOnlyList<long> Reached,
    long Won,
    long Lost,
    double? WinRate,
    double? AverageCycleDays,
    decimal? AverageDealSize);
