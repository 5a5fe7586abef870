namespace FunnelAutomation.Core.Analytics;

/// <summary>Email performance of one sequence step (or, with <see cref="StepId"/> = "*", a whole sequence).
/// Rates are fractions, null when the denominator is zero: delivery per sent, open/click/reply/unsubscribe
/// per delivered (per sent while no delivery is reported), conversion per sent. A conversion is a lead that
/// advanced at least one pipeline stage within the attribution window (14 days) after this step's email, counted
/// once per lead and email (<see cref="SequenceAttribution"/>), so the conversion rate is at most 100 %.</summary>
public sealed record SequenceStepCounters(
    string SequenceId,
    string StepId,
    long Sent = 0,
    long Delivered = 0,
    long Opened = 0,
    long Clicked = 0,
    long Replied = 0,
    long Unsubscribed = 0,
    long Conversions = 0)
{
    public const string AllSteps = "*";

    /// <summary>The A/B variant these counts are for; null for a step without variants, or a step's sum over them.</summary>
    public string? VariantId { get; init; }

    public double? DeliveryRate => FunnelReportBuilder.Ratio(Delivered, Sent);

    public double? OpenRate => FunnelReportBuilder.Ratio(Opened, Reach);

    public double? ClickRate => FunnelReportBuilder.Ratio(Clicked, Reach);

    public double? ReplyRate => FunnelReportBuilder.Ratio(Replied, Reach);

    public double? UnsubscribeRate => FunnelReportBuilder.Ratio(Unsubscribed, Reach);

    public double? ConversionRate => FunnelReportBuilder.Ratio(Conversions, Sent);

    internal long Reach => Delivered > 0 ? Delivered : Sent;

    /// <summary>A one-event delta for the step.</summary>
    public static SequenceStepCounters For(string sequenceId, string stepId, EmailEventType type, string? variantId = null) => (type switch
    {
        EmailEventType.Sent => new SequenceStepCounters(sequenceId, stepId, Sent: 1),
        EmailEventType.Delivered => new(sequenceId, stepId, Delivered: 1),
        EmailEventType.Opened => new(sequenceId, stepId, Opened: 1),
        EmailEventType.Clicked => new(sequenceId, stepId, Clicked: 1),
        EmailEventType.Replied => new(sequenceId, stepId, Replied: 1),
        EmailEventType.Unsubscribed => new(sequenceId, stepId, Unsubscribed: 1),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown email event"),
    }) with { VariantId = variantId };

    public SequenceStepCounters Plus(SequenceStepCounters other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return this with
        {
            Sent = Sent + other.Sent,
            Delivered = Delivered + other.Delivered,
            Opened = Opened + other.Opened,
            Clicked = Clicked + other.Clicked,
            Replied = Replied + other.Replied,
            Unsubscribed = Unsubscribed + other.Unsubscribed,
            Conversions = Conversions + other.Conversions,
        };
    }
}
