namespace FunnelAutomation.Application.Ports;

/// <summary>Sends one email (SendGrid in production, the dev outbox without an API key). A sender never mails a
/// suppressed address: it answers <see cref="EmailSendResult.Suppressed"/>, and that check is the only one an email
/// gets (callers do not look the address up first).</summary>
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

    /// <summary>Whether <see cref="To"/> is suppressed, as the caller read it from the suppression list moments ago
    /// (a new lead's intake reads that entry anyway, to lift an erasure): the sender then does not read it again
    /// (issue 14: one suppression lookup per email). Null, the usual case: the sender looks it up.</summary>
    public bool? KnownSuppressed { get; init; }
}

/// <summary>What a send did. <paramref name="RetryAfter"/> (with <c>Sent = false</c>): not sent for now — the
/// provider is unavailable after the sender's own retries, or another worker is sending the same email — try again
/// after it. Without it, a <c>Sent = false</c> is a refusal that repeating will not fix. <paramref name="Suppressed"/>
/// (with <c>Sent = true</c>: done, never to be retried): the address is suppressed and nothing was mailed.
/// <paramref name="SentBefore"/> (with <c>Sent = true</c>): this idempotency key was handed over by an earlier call,
/// so this one sent nothing; the sender's key guard is the only one an email has (issue 14), and a caller counts
/// the send only when this is false.</summary>
public sealed record EmailSendResult(bool Sent, string? ProviderMessageId, string? Error = null, TimeSpan? RetryAfter = null, bool Suppressed = false,
    bool SentBefore = false);
