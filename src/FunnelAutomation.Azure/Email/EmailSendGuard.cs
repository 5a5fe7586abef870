using FunnelAutomation.Application.Ports;

namespace FunnelAutomation.Azure.Email;

/// <summary>The rules both senders share: a suppressed address is never mailed, an idempotency key is
/// mailed at most once, and every send is recorded in the <see cref="ISentEmailLog"/>.</summary>
internal sealed class EmailSendGuard(ISuppressionList suppressions, IIdempotencyGuard guard, ISentEmailLog log, TimeProvider time)
{
    /// <summary>Sent-email records need a lead; an email that names none (rare) is filed under this id.</summary>
    public const string NoLead = "no-lead";

    public TimeProvider Time => time;

    public static string LeadIdOf(OutgoingEmail email) =>
        email.CustomArgs.TryGetValue("leadId", out var leadId) && !string.IsNullOrWhiteSpace(leadId) ? leadId : NoLead;

    /// <summary>The result to return without sending (suppressed, or already sent), or null to send.</summary>
    public async Task<EmailSendResult?> SkipAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        Validate(email);
        if (await guard.HasRunAsync(GuardKey(email), cancellationToken).ConfigureAwait(false))
        {
            var earlier = await log.GetAsync(LeadIdOf(email), email.IdempotencyKey, cancellationToken).ConfigureAwait(false);
            return new EmailSendResult(true, earlier?.ProviderMessageId);
        }

        // Sent = true on purpose: the command is done and must not be retried; nothing is recorded.
        return await suppressions.IsSuppressedAsync(email.To, cancellationToken).ConfigureAwait(false)
            ? new EmailSendResult(true, null)
            : null;
    }

    /// <summary>Marks the key sent first (what prevents a second send), then records the email.</summary>
    public async Task RecordAsync(OutgoingEmail email, SentEmail sent, CancellationToken cancellationToken)
    {
        await guard.MarkRunAsync(GuardKey(email), cancellationToken).ConfigureAwait(false);
        await log.TryRecordAsync(sent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Namespaced so the sender's record never collides with the journey executor's own
    /// guard entry for the same command key.</summary>
    internal static string GuardKey(OutgoingEmail email) => "email-sent:" + email.IdempotencyKey;

    private static void Validate(OutgoingEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentException.ThrowIfNullOrWhiteSpace(email.IdempotencyKey, nameof(email));
        ArgumentException.ThrowIfNullOrWhiteSpace(email.To, nameof(email));
        if (string.IsNullOrWhiteSpace(email.TemplateId) && (string.IsNullOrWhiteSpace(email.Subject) || string.IsNullOrWhiteSpace(email.HtmlBody)))
        {
            throw new ArgumentException($"Email {email.IdempotencyKey} needs a template id, or a subject and an HTML body.", nameof(email));
        }
    }
}
