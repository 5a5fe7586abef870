namespace FunnelAutomation.Core.Actions;

/// <summary>The customer actions the product understands. Pipelines map some of them to stages;
/// scoring gives engagement points for them; journeys branch and exit on them.</summary>
public static class CustomerActionTypes
{
    public const string EmailDelivered = "email_delivered";
    public const string EmailOpened = "email_opened";
    public const string EmailClicked = "email_clicked";
    public const string EmailBounced = "email_bounced";
    public const string SpamReported = "spam_reported";
    public const string Unsubscribed = "unsubscribed";
    public const string Replied = "replied";
    public const string PageVisited = "page_visited";
    public const string FormSubmitted = "form_submitted";
    public const string WebinarAttended = "webinar_attended";
    public const string ContentDownloaded = "content_downloaded";
    public const string MeetingBooked = "meeting_booked";
    public const string MeetingHeld = "meeting_held";
    public const string NeedsConfirmed = "needs_confirmed";
    public const string ProposalSent = "proposal_sent";
    public const string ProposalViewed = "proposal_viewed";
    public const string QuoteRequested = "quote_requested";
    public const string ContractSigned = "contract_signed";
    public const string DealLost = "deal_lost";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        EmailDelivered, EmailOpened, EmailClicked, EmailBounced, SpamReported, Unsubscribed, Replied,
        PageVisited, FormSubmitted, WebinarAttended, ContentDownloaded, MeetingBooked, MeetingHeld,
        NeedsConfirmed, ProposalSent, ProposalViewed, QuoteRequested, ContractSigned, DealLost,
    };

    public static bool IsKnown(string? type) => type is not null && All.Contains(type);
}
