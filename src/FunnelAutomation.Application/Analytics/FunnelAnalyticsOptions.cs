using FunnelAutomation.Core.Analytics;

namespace FunnelAutomation.Application.Analytics;

/// <summary>Analytics settings (bound from configuration section "Funnel:Analytics").</summary>
public sealed class FunnelAnalyticsOptions
{
    public const string Section = "Funnel:Analytics";

    /// <summary>How long after a sequence's last email a stage advance is still credited to it.</summary>
    public TimeSpan AttributionWindow { get; set; } = SequenceAttribution.DefaultWindow;

    /// <summary>Months a query covers when it gives no <see cref="FunnelQuery.From"/> (ending at
    /// <see cref="FunnelQuery.To"/>, default the current month).</summary>
    public int DefaultMonths { get; set; } = 12;

    /// <summary>Open-lead rows written per call during a rebuild.</summary>
    public int RebuildBatchSize { get; set; } = 500;
}
