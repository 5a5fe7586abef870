namespace FunnelAutomation.Azure.Email;

/// <summary>Record of emails sent to leads, keyed per lead by the sequence step key (the idempotency key
/// of a send: a step retried after a crash is not mailed twice), and listed across leads newest first
/// as the dev outbox.</summary>
public interface ISentEmailLog
{
    /// <summary>Records a sent email. False when this lead already has a record for the step key
    /// (the first record is kept).</summary>
    Task<bool> TryRecordAsync(SentEmail email, CancellationToken cancellationToken = default);

    Task<SentEmail?> GetAsync(string leadId, string stepKey, CancellationToken cancellationToken = default);

    /// <summary>The lead's emails, newest first.</summary>
    Task<IReadOnlyList<SentEmail>> ListForLeadAsync(string leadId, CancellationToken cancellationToken = default);

    /// <summary>The most recent emails across all leads, newest first (the dev outbox).</summary>
    Task<IReadOnlyList<OutboxEntry>> ListOutboxAsync(int take = 50, CancellationToken cancellationToken = default);

    /// <summary>Removes the lead's emails and their outbox entries (erasure); returns how many emails.</summary>
    Task<int> DeleteForLeadAsync(string leadId, CancellationToken cancellationToken = default);
}

/// <summary>One email as sent (or, locally, as written to the dev outbox).</summary>
public sealed record SentEmail
{
    public required string LeadId { get; init; }

    /// <summary>Idempotency key of the send, e.g. "{sequenceId}/{version}/{stepId}".</summary>
    public required string StepKey { get; init; }

    public required string To { get; init; }

    public required string Subject { get; init; }

    public required DateTimeOffset SentAt { get; init; }

    public string? HtmlBody { get; init; }

    public string? TextBody { get; init; }

    public string? From { get; init; }

    /// <summary>"sendgrid" or "dev-outbox".</summary>
    public string? Channel { get; init; }

    /// <summary>The provider's message id (SendGrid's X-Message-Id), for matching webhook events.</summary>
    public string? ProviderMessageId { get; init; }

    public string? UnsubscribeUrl { get; init; }

    /// <summary>The SendGrid dynamic template, when the email is one (SendGrid renders it).</summary>
    public string? TemplateId { get; init; }

    public IReadOnlyDictionary<string, string>? TemplateData { get; init; }

    /// <summary>The A/B variant of the step this email was (null for a step without variants).</summary>
    public string? VariantId { get; init; }
}

/// <summary>A dev-outbox line, with what it takes to open the email: the body as rendered (for a SendGrid
/// template, the template id and its data, which only SendGrid renders) and the unsubscribe link.</summary>
public sealed record OutboxEntry(string LeadId, string StepKey, string To, string Subject, DateTimeOffset SentAt, string? Channel)
{
    public string? HtmlBody { get; init; }

    public string? TextBody { get; init; }

    public string? UnsubscribeUrl { get; init; }

    public string? TemplateId { get; init; }

    public IReadOnlyDictionary<string, string>? TemplateData { get; init; }

    /// <summary>The A/B variant of the step this email was (null for a step without variants).</summary>
    public string? VariantId { get; init; }
}
