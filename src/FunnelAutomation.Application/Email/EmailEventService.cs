using FunnelAutomation.Application.Analytics;
using FunnelAutomation.Core.Analytics;
using FunnelAutomation.Application.Actions;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Actions;

namespace FunnelAutomation.Application.Email;

/// <summary>Turns email provider events (SendGrid's Event Webhook vocabulary) into customer actions and
/// suppressions. Each event has one effect however often it is delivered: the action id is
/// "sg:{event id}" and the event id is remembered by the idempotency guard. Bounces, unsubscribes and
/// spam reports suppress the address even when the event names no lead.</summary>
public sealed class EmailEventService(
    CustomerActionService actions,
    ISuppressionList suppressions,
    IIdempotencyGuard guard,
    TimeProvider time,
    FunnelAnalyticsService? analytics = null)
{
    public const string ActionIdPrefix = "sg:";

    private static readonly Dictionary<string, EmailEventType> SequenceEvents = new(StringComparer.Ordinal)
    {
        [CustomerActionTypes.EmailDelivered] = EmailEventType.Delivered,
        [CustomerActionTypes.EmailOpened] = EmailEventType.Opened,
        [CustomerActionTypes.EmailClicked] = EmailEventType.Clicked,
        [CustomerActionTypes.Unsubscribed] = EmailEventType.Unsubscribed,
    };

    /// <summary>Provider event name → customer action type.</summary>
    public static IReadOnlyDictionary<string, string> ActionTypes { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["delivered"] = CustomerActionTypes.EmailDelivered,
        ["open"] = CustomerActionTypes.EmailOpened,
        ["click"] = CustomerActionTypes.EmailClicked,
        ["bounce"] = CustomerActionTypes.EmailBounced,
        ["dropped"] = CustomerActionTypes.EmailBounced,
        ["unsubscribe"] = CustomerActionTypes.Unsubscribed,
        ["group_unsubscribe"] = CustomerActionTypes.Unsubscribed,
        ["spamreport"] = CustomerActionTypes.SpamReported,
    };

    /// <summary>Handles the events in order; one bad event is listed as ignored, never fails the batch.</summary>
    public async Task<EmailEventSummary> HandleAsync(IReadOnlyList<EmailEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var accepted = 0;
        var duplicates = 0;
        var suppressed = 0;
        var ignored = new List<IgnoredEmailEvent>();
        foreach (var e in events)
        {
            var outcome = await HandleAsync(e, cancellationToken).ConfigureAwait(false);
            suppressed += outcome.Suppressed ? 1 : 0;
            switch (outcome.Kind)
            {
                case OutcomeKind.Accepted:
                    accepted++;
                    break;
                case OutcomeKind.Duplicate:
                    duplicates++;
                    break;
                default:
                    ignored.Add(new IgnoredEmailEvent(e.EventId, e.Event, outcome.Reason!));
                    break;
            }
        }

        return new EmailEventSummary(accepted, duplicates, suppressed, ignored);
    }

    private async Task<Outcome> HandleAsync(EmailEvent e, CancellationToken cancellationToken)
    {
        if (!ActionTypes.TryGetValue(e.Event, out var type))
        {
            return Outcome.Ignored($"event \"{e.Event}\" is not tracked");
        }

        if (string.IsNullOrWhiteSpace(e.EventId))
        {
            // Without an id a redelivery cannot be recognised; a suppression is still safe to repeat.
            var safe = await SuppressAsync(e, type, cancellationToken).ConfigureAwait(false);
            return Outcome.Ignored("no event id", safe);
        }

        var key = "email-event:" + ActionIdPrefix + e.EventId;
        if (await guard.HasRunAsync(key, cancellationToken).ConfigureAwait(false))
        {
            return new Outcome(OutcomeKind.Duplicate, null, false);
        }

        // Suppression first: it is the effect that protects the recipient.
        var suppressed = await SuppressAsync(e, type, cancellationToken).ConfigureAwait(false);
        var outcome = await RecordAsync(e, type, cancellationToken).ConfigureAwait(false) is { } reason
            ? Outcome.Ignored(reason, suppressed)
            : new Outcome(OutcomeKind.Accepted, null, suppressed);
        await guard.MarkRunAsync(key, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>Null when the action was recorded (or already was), else why not.</summary>
    private async Task<string?> RecordAsync(EmailEvent e, string type, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(e.LeadId))
        {
            return "no leadId custom arg";
        }

        var data = new Dictionary<string, string>(e.Data, StringComparer.Ordinal) { ["event"] = e.Event };
        if (e.MessageId is { } messageId)
        {
            data["messageId"] = messageId;
        }

        var action = new CustomerAction(ActionIdPrefix + e.EventId, type, e.OccurredAt, e.Url, Reason: e.Reason) { Data = data };
        var errors = CustomerActionService.Validate(action, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return "invalid: " + string.Join("; ", errors);
        }

        if (!await actions.RecordAsync(e.LeadId, action, cancellationToken).ConfigureAwait(false))
        {
            return $"unknown lead {e.LeadId}";
        }

        // Sequence performance: SendGrid echoes the sequence, step and variant ids we sent as custom args.
        if (analytics is not null && e.Data.TryGetValue("sequenceId", out var sequenceId) && e.Data.TryGetValue("stepId", out var stepId)
            && SequenceEvents.TryGetValue(type, out var counted))
        {
            await analytics.RecordEmailEventAsync(sequenceId, stepId, counted, e.LeadId, e.OccurredAt, e.Data.GetValueOrDefault("variantId"), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Bounces (not temporary "blocked" ones), unsubscribes and spam reports suppress the address.
    /// "dropped" does not: SendGrid already keeps its own suppression for the cases it drops.</summary>
    private async Task<bool> SuppressAsync(EmailEvent e, string type, CancellationToken cancellationToken)
    {
        var suppress = e.Event switch
        {
            "bounce" => !string.Equals(e.BounceType, "blocked", StringComparison.OrdinalIgnoreCase),
            "unsubscribe" or "group_unsubscribe" or "spamreport" => true,
            _ => false,
        };
        if (!suppress || string.IsNullOrWhiteSpace(e.Email))
        {
            return false;
        }

        await suppressions.SuppressAsync(e.Email, type, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private enum OutcomeKind
    {
        Accepted,
        Duplicate,
        Ignored,
    }

    private sealed record Outcome(OutcomeKind Kind, string? Reason, bool Suppressed)
    {
        public static Outcome Ignored(string reason, bool suppressed = false) => new(OutcomeKind.Ignored, reason, suppressed);
    }
}

/// <summary>One email event from the provider, provider types removed. <see cref="Event"/> uses SendGrid's
/// names (delivered, open, click, bounce, dropped, unsubscribe, group_unsubscribe, spamreport, …).</summary>
public sealed record EmailEvent
{
    /// <summary>The provider's unique event id (SendGrid sg_event_id).</summary>
    public string? EventId { get; init; }

    public required string Event { get; init; }

    public string? Email { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>From the custom args the email was sent with; null for emails sent without one.</summary>
    public string? LeadId { get; init; }

    public string? MessageId { get; init; }

    /// <summary>The clicked link (click events).</summary>
    public string? Url { get; init; }

    public string? Reason { get; init; }

    /// <summary>"bounce" (permanent) or "blocked" (temporary) for bounce events.</summary>
    public string? BounceType { get; init; }

    /// <summary>Other custom args (enrollmentId, sequenceId, stepId, …), kept on the action.</summary>
    public IReadOnlyDictionary<string, string> Data { get; init; } = new Dictionary<string, string>();
}

/// <summary>What a batch of events did: recorded (accepted), seen before (duplicates), addresses
/// suppressed, and the events that had no action with the reason.</summary>
public sealed record EmailEventSummary(int Accepted, int Duplicates, int Suppressed, IReadOnlyList<IgnoredEmailEvent> Ignored);

public sealed record IgnoredEmailEvent(string? EventId, string Event, string Reason);
