namespace FunnelAutomation.Core.Analytics;

/// <summary>Leads needed in each stage to reach a revenue target; <see cref="Stages"/>[0] is the top of
/// the funnel (new leads needed) and the last entry equals <see cref="DealsNeeded"/>.</summary>
public sealed record ReverseFunnelPlan(
    decimal RevenueTarget,
    decimal AverageDealSize,
    long DealsNeeded,
    IReadOnlyList<StagePlan> Stages)
{
    public long LeadsNeeded => Stages[0].LeadsNeeded;
}

/// <summary>One stage of a plan: how many leads must reach it, and the conversion to the next stage used.</summary>
public sealed record StagePlan(int Index, string? StageId, long LeadsNeeded, double? ConversionToNext);
