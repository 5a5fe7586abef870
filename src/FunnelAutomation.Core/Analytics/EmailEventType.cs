namespace FunnelAutomation.Core.Analytics;

/// <summary>What happened to a sequence email (SendGrid webhook events map onto these; "sent" is ours).</summary>
public enum EmailEventType
{
    Sent = 0,
    Delivered,
    Opened,
    Clicked,
    Replied,
    Unsubscribed,
}
