namespace FunnelAutomation.Core.Analytics;

/// <summary>The dimensions funnel counters are kept by. Every report filter is one of these, so a report
/// only adds up matching buckets and never reads a lead. An absent value is stored as "" (none): an
/// unassigned lead has owner "", an unscored one grade "".</summary>
public sealed record FunnelBucketKey(
    string PipelineId,
    CohortMonth Cohort,
    string Source,
    string OwnerRepId,
    string Team,
    string Grade)
{
    public const string None = "";
}
