namespace FunnelAutomation.Application.Ports;

/// <summary>Sends one email (SendGrid in production, the dev outbox without an API key).</summary>
public interface IEmailSender
{
    Task<EmailSendResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken);
}

/// <summary>A rendered email ready to go. <see cref="IdempotencyKey"/> makes a retried send a no-op.</summary>
public sealed record OutgoingEmail
{
    public required string IdempotencyKey { get; init; }

    public required string To { get; init; }

    public string? ToName { get; init; }

    public string? Subject { get; init; }

    public string? HtmlBody { get; init; }

    public string? TemplateId { get; init; }

    public IReadOnlyDictionary<string, string> TemplateData { get; init; } = new Dictionary<string, string>();

    /// <summary>"nurture", "notification", …: SendGrid categories for reporting.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Lead, enrollment and step ids; SendGrid echoes them back in webhook events.</summary>
    public IReadOnlyDictionary<string, string> CustomArgs { get; init; } = new Dictionary<string, string>();

    public string? UnsubscribeUrl { get; init; }
}

/// <summary>What a send did. <paramref name="Busy"/>: not sent because another worker is sending the same
/// email right now; the caller should try again later (and will then find it sent).</summary>
public sealed record EmailSendResult(bool Sent, string? ProviderMessageId, string? Error = null, bool Busy = false);
