namespace FunnelAutomation.Core.Analytics;

/// <summary>One open lead as the report needs it: where it sits, since when, its value, and the bucket
/// dimensions for filtering. Probability is not stored: it is read from the pipeline at report time, so
/// editing a stage's probability re-weights the forecast at once. <see cref="Version"/> is the lead's
/// UpdatedAt when the row last changed (an unchanged row is not rewritten): a store keeps the newest
/// row when writes race.</summary>
public sealed record OpenLeadRow(
    string LeadId,
    FunnelBucketKey Bucket,
    string Stage,
    DateTimeOffset StageEnteredAt,
    decimal? Amount,
    DateTimeOffset Version)
{
    public string PipelineId => Bucket.PipelineId;
}
