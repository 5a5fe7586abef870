using FunnelAutomation.Application.Email;

namespace FunnelAutomation.Azure.Email;

/// <summary>One event of a SendGrid Event Webhook post. <see cref="CustomArgs"/> holds the custom args
/// the email was sent with (leadId, enrollmentId, sequenceId, stepId, …), which SendGrid echoes as
/// top-level fields.</summary>
public sealed record SendGridEvent
{
    public required string Event { get; init; }

    public string? Email { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public string? SgEventId { get; init; }

    public string? SgMessageId { get; init; }

    public string? Url { get; init; }

    public string? Reason { get; init; }

    /// <summary>"bounce" or "blocked" on bounce events.</summary>
    public string? Type { get; init; }

    public IReadOnlyList<string> Categories { get; init; } = [];

    public IReadOnlyDictionary<string, string> CustomArgs { get; init; } = new Dictionary<string, string>();

    public string? LeadId => CustomArgs.TryGetValue("leadId", out var id) && !string.IsNullOrWhiteSpace(id) ? id : null;

    /// <summary>The provider-neutral event the Application handles.</summary>
    public EmailEvent ToEmailEvent() => new()
    {
        EventId = SgEventId,
        Event = Event,
        Email = Email,
        OccurredAt = Timestamp,
        LeadId = LeadId,
        MessageId = SgMessageId,
        Url = Url,
        Reason = Reason,
        BounceType = Type,
        Data = CustomArgs
            .Where(a => a.Key != "leadId")
            .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
    };
}
