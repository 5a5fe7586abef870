using FunnelAutomation.Application.Ports;

namespace FunnelAutomation.Azure.Email;

/// <summary>The rules both senders share: a suppressed address is never mailed, an idempotency key is
/// mailed at most once, and every send is recorded in the <see cref="ISentEmailLog"/>. SendGrid's sends are claimed
/// and marked in the idempotency records (<see cref="ClaimAsync"/>); the dev outbox, whose provider is the log, is
/// guarded by the log alone (<see cref="RecordOnceAsync"/>).</summary>
internal sealed class EmailSendGuard(ISuppressionList suppressions, IIdempotencyGuard guard, ISentEmailLog log, TimeProvider time)
{
    /// <summary>Sent-email records need a lead; an email that names none (rare) is filed under this id.</summary>
    public const string NoLead = "no-lead";

    public TimeProvider Time => time;

    public static string LeadIdOf(OutgoingEmail email) =>
        email.CustomArgs.TryGetValue("leadId", out var leadId) && !string.IsNullOrWhiteSpace(leadId) ? leadId : NoLead;

    /// <summary>For a provider that is the log itself (the dev outbox): the log's insert-if-absent by lead and key is
    /// the key guard, so no idempotency record is read or written besides it (issue 14: one mechanism per effect). A
    /// suppressed address is not recorded; a key recorded before answers "sent before", even if the address has been
    /// suppressed since.</summary>
    public async Task<EmailSendResult> RecordOnceAsync(OutgoingEmail email, SentEmail sent, CancellationToken cancellationToken)
    {
        Validate(email);
        ArgumentNullException.ThrowIfNull(sent);
        if (await IsSuppressedAsync(email, cancellationToken).ConfigureAwait(false))
        {
            return await log.GetAsync(LeadIdOf(email), email.IdempotencyKey, cancellationToken).ConfigureAwait(false) is { } earlier
                ? new EmailSendResult(true, earlier.ProviderMessageId, SentBefore: true)
                : Suppressed;
        }

        return await log.TryRecordAsync(sent, cancellationToken).ConfigureAwait(false)
            ? new EmailSendResult(true, sent.ProviderMessageId)
            : await SentBeforeAsync(email, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the caller read of the address moments ago (<see cref="OutgoingEmail.KnownSuppressed"/>), else a lookup.</summary>
    private async Task<bool> IsSuppressedAsync(OutgoingEmail email, CancellationToken cancellationToken) =>
        email.KnownSuppressed ?? await suppressions.IsSuppressedAsync(email.To, cancellationToken).ConfigureAwait(false);

    /// <summary>For a provider that cannot tell whether it already took an email (SendGrid has no request
    /// idempotency): a suppressed address or a key already sent ends here; otherwise the key is claimed for
    /// <see cref="SendLease"/> so two workers flushing the same journey command cannot both send it. Returns the
    /// result to give without sending, or null with the claim to send under (then <see cref="RecordAsync"/>, or
    /// <see cref="ReleaseAsync"/> when the provider certainly did not take it).</summary>
    /// <remarks>An abandoned claim (its holder was killed between claiming and recording) is the one case where
    /// nobody knows whether the email left: it is not sent again — at most once, never twice — and it is recorded
    /// in the sent-email log under <paramref name="unconfirmedChannel"/>, so the lead's history says so.</remarks>
    public async Task<(EmailSendResult? Result, EffectClaim? Claim)> ClaimAsync(OutgoingEmail email, string unconfirmedChannel, CancellationToken cancellationToken)
    {
        Validate(email);
        if (await IsSuppressedAsync(email, cancellationToken).ConfigureAwait(false))
        {
            return (Suppressed, null);
        }

        var claim = await guard.ClaimAsync(GuardKey(email), SendLease, cancellationToken).ConfigureAwait(false);
        if (claim.Status != EffectClaimStatus.Claimed
            && await log.GetAsync(LeadIdOf(email), email.IdempotencyKey, cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            // The log is what says "sent": a claim is only ever completed by the email's record (see RecordAsync).
            return (new EmailSendResult(true, earlier.ProviderMessageId, SentBefore: true), null);
        }

        switch (claim.Status)
        {
            case EffectClaimStatus.AlreadyRun:
                return (new EmailSendResult(true, null, SentBefore: true), null); // marked by an earlier version, which also marked keys it sent
            case EffectClaimStatus.InProgress:
                return (new EmailSendResult(false, null, "another worker is sending this email right now", RetryAfter: TimeSpan.FromSeconds(5)), null);
            case EffectClaimStatus.Abandoned:
                Application.Telemetry.FunnelMetrics.Email("unconfirmed");
                await RecordAsync(Describe(email, unconfirmedChannel), cancellationToken).ConfigureAwait(false);
                return (new EmailSendResult(true, null, "an earlier attempt stopped between handing the email over and recording it; not sent again, so nobody gets it twice"), null);
            default:
                return (null, claim);
        }
    }

    /// <summary>The record of <paramref name="email"/> as handed to <paramref name="channel"/>, sent now.</summary>
    public SentEmail Describe(OutgoingEmail email, string channel, string? from = null, string? providerMessageId = null) => new()
    {
        LeadId = LeadIdOf(email),
        StepKey = email.IdempotencyKey,
        To = email.To,
        From = from,
        Subject = email.Subject ?? $"(template {email.TemplateId})",
        HtmlBody = email.HtmlBody,
        SentAt = time.GetUtcNow(),
        Channel = channel,
        ProviderMessageId = providerMessageId,
        UnsubscribeUrl = email.UnsubscribeUrl,
        TemplateId = string.IsNullOrWhiteSpace(email.TemplateId) ? null : email.TemplateId,
        TemplateData = string.IsNullOrWhiteSpace(email.TemplateId) ? null : email.TemplateData,
        VariantId = email.CustomArgs.GetValueOrDefault("variantId"),
    };

    /// <summary>Gives the claim back after the provider refused the email (nothing was sent).</summary>
    public Task ReleaseAsync(EffectClaim claim) => guard.ReleaseAsync(claim, CancellationToken.None);

    /// <summary>How long a claim protects a send: far longer than a typical send with its retries (well under a
    /// second, a few seconds with back-off). A holder still sending past it loses nothing either: the taker treats
    /// the claim as abandoned and does not send, so the email still goes out at most once.</summary>
    public static readonly TimeSpan SendLease = TimeSpan.FromMinutes(2);

    // Sent = true on purpose: the command is done and must not be retried; nothing is recorded here (the caller
    // says so on the lead's timeline).
    private static readonly EmailSendResult Suppressed = new(true, null, Suppressed: true);

    /// <summary>The answer for a key sent before: done, with the provider's message id when the log has it.</summary>
    private async Task<EmailSendResult> SentBeforeAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var earlier = await log.GetAsync(LeadIdOf(email), email.IdempotencyKey, cancellationToken).ConfigureAwait(false);
        return new EmailSendResult(true, earlier?.ProviderMessageId, SentBefore: true);
    }

    /// <summary>Records the email: the record is the mark that it was sent, so the claim is never completed by a
    /// write of its own (issue 14: one request fewer per email). A later attempt that finds the claim taken looks in
    /// the log first (<see cref="ClaimAsync"/>); only a claim without a record is in progress or abandoned. The record
    /// is insert-if-absent, so a retry that records again adds nothing; a second SendGrid send is prevented by the
    /// claim.</summary>
    public Task RecordAsync(SentEmail sent, CancellationToken cancellationToken) => log.TryRecordAsync(sent, cancellationToken);

    /// <summary>Namespaced so the sender's record never collides with the journey executor's own
    /// guard entry for the same command key.</summary>
    internal static string GuardKey(OutgoingEmail email) => GuardKey(email.IdempotencyKey);

    internal static string GuardKey(string idempotencyKey) => "email-sent:" + idempotencyKey;

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
