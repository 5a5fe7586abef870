namespace FunnelAutomation.Core.Analytics;

/// <summary>The stage that holds the funnel back. Defined as the stage with the most stalled open leads
/// (ties: the earlier stage, since everything behind it waits); when no lead is stalled, the stage
/// with the lowest conversion to the next stage (among stages some lead reached; ties: the earlier).</summary>
public sealed record FunnelBottleneck(string StageId, string StageName, BottleneckReason Reason, int StalledLeads, double? ConversionToNext);

public enum BottleneckReason
{
    MostStalled = 0,
    LowestConversion,
}
