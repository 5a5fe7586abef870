using FunnelAutomation.Application;
using FunnelAutomation.Application.Analytics;
using FunnelAutomation.Azure.Email;

namespace FunnelAutomation.Azure.Composition;

/// <summary>The settings a host reads from its configuration and hands to <see cref="FunnelServiceCollectionExtensions.AddFunnelCore"/>.</summary>
public sealed record FunnelHostingSettings(string StorageConnectionString, string StoragePrefix)
{
    public FunnelOptions Funnel { get; init; } = new();

    public SendGridOptions SendGrid { get; init; } = new();

    public FunnelAnalyticsOptions Analytics { get; init; } = new();

    public Application.Leads.Import.LeadImportOptions Import { get; init; } = new();

    /// <summary>Public key of the SendGrid Event Webhook (base64 DER); without it the webhook refuses every post.</summary>
    public string? SendGridWebhookPublicKey { get; init; }
}
