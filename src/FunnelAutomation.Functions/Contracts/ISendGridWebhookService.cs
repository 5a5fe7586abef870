namespace FunnelAutomation.Functions.Contracts;

// Stand-in for the Application layer's SendGridWebhookService; nothing registers it yet.

/// <summary>Verifies and handles a SendGrid Event Webhook post (delivered, open, click, bounce, spam, unsubscribe).</summary>
public interface ISendGridWebhookService
{
    Task<SendGridWebhookOutcome> HandleAsync(string body, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken);
}

/// <summary><see cref="Authentic"/> false: the signature did not verify and nothing was recorded.</summary>
public sealed record SendGridWebhookOutcome(bool Authentic, int Recorded, IReadOnlyList<string> Rejected);
