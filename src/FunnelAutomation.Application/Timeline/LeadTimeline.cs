using System.Globalization;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Pipeline;

namespace FunnelAutomation.Application.Timeline;

/// <summary>Everything that happened to one lead, in order, built from what the stores keep: the lead row
/// (capture, score, routing, stage history), the customer action log (actions and email events), the sent
/// email log and the lead event log (held and suppressed emails, reassignments, sequences). Pure: both hosts
/// answer <c>GET /api/leads/{id}/timeline</c> with it.</summary>
public static class LeadTimeline
{
    public static IReadOnlyList<LeadTimelineEntry> Build(
        Lead lead,
        IReadOnlyList<CustomerAction> actions,
        IReadOnlyList<TimelineEmail> emails,
        IReadOnlyList<LeadEvent> events)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(emails);
        ArgumentNullException.ThrowIfNull(events);
        var entries = new List<LeadTimelineEntry>();
        Captured(lead, actions, entries);
        var recorded = events.Select(e => e.Kind).ToHashSet(StringComparer.Ordinal);
        if (!recorded.Contains(LeadEventKinds.Scored) && lead.Score is { } score)
        {
            // A lead captured before scores were logged: its current score stands for the first.
            entries.Add(new LeadTimelineEntry(lead.CreatedAt, LeadEventKinds.Scored, $"scored {score.Total} (grade {score.Grade})")
            {
                Details = ScoreDetails(score),
            });
        }

        if (!recorded.Contains(LeadEventKinds.Routed) && !recorded.Contains(LeadEventKinds.Reassigned) && lead.AssignedAt is { } assignedAt)
        {
            entries.Add(new LeadTimelineEntry(assignedAt, LeadEventKinds.Routed, RoutedSummary(lead.OwnerRepId, lead.AssignmentQueue))
            {
                Details = lead.RoutingExplanation,
            });
        }

        entries.AddRange(events.Select(e => new LeadTimelineEntry(e.At, e.Kind, e.Summary)
        {
            Outcome = e.Data.GetValueOrDefault("outcome"),
            Details = e.Details,
            Data = e.Data,
        }));

        foreach (var email in emails)
        {
            entries.Add(Email(email));
        }

        foreach (var action in actions.Where(a => a.Type != CustomerActionTypes.FormSubmitted))
        {
            entries.Add(Action(action));
        }

        foreach (var move in lead.History)
        {
            entries.Add(Stage(move));
        }

        // At equal times, what intake does comes in its order (captured, scored, routed, entered the pipeline), the rest as read.
        return entries.Select((e, i) => (e, i)).OrderBy(x => x.e.At).ThenBy(x => Rank(x.e.Kind)).ThenBy(x => x.i).Select(x => x.e).ToList();
    }

    /// <summary>The score as recorded in the timeline: "+20 fit.size: 1000+ employees".</summary>
    public static IReadOnlyList<string> ScoreDetails(Core.Scoring.LeadScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        var lines = score.Breakdown
            .Select(c => $"{c.Points.ToString("+0;-0;0", CultureInfo.InvariantCulture)} {c.Rule}: {c.Reason}")
            .ToList();
        if (score.Prediction is { } prediction)
        {
            // Next to the rules: why the model thinks what it thinks, in its own words.
            lines.AddRange(prediction.TopContributions.Select(c => $"model: {c.Reason}"));
        }

        return lines;
    }

    public static string RoutedSummary(string? repId, string? queue) =>
        repId is not null ? $"assigned to rep {repId}" : $"queued in {queue ?? "no queue"}";

    private static int Rank(string kind) => kind switch
    {
        LeadEventKinds.Captured => 0,
        LeadEventKinds.Scored => 1,
        LeadEventKinds.Routed => 2,
        LeadEventKinds.Stage => 3,
        _ => 4,
    };

    private static void Captured(Lead lead, IReadOnlyList<CustomerAction> actions, List<LeadTimelineEntry> entries)
    {
        var submissions = actions.Where(a => a.Type == CustomerActionTypes.FormSubmitted).OrderBy(a => a.OccurredAt).ToList();
        if (submissions.Count == 0)
        {
            entries.Add(new LeadTimelineEntry(lead.CreatedAt, LeadEventKinds.Captured, $"captured from {lead.Profile.Source}"));
            return;
        }

        for (var i = 0; i < submissions.Count; i++)
        {
            var source = submissions[i].Data.GetValueOrDefault("source") ?? lead.Profile.Source;
            entries.Add(new LeadTimelineEntry(submissions[i].OccurredAt, LeadEventKinds.Captured,
                i == 0 ? $"captured from {source}" : $"submitted again from {source}"));
        }
    }

    private static LeadTimelineEntry Email(TimelineEmail email)
    {
        if (!email.ToLead)
        {
            // A notice to the rep or their manager about this lead; its subject names the lead, so only its kind is shown.
            var kind = email.Subject.Split(':', 2)[0];
            return new LeadTimelineEntry(email.SentAt, LeadEventKinds.Email, $"notice to the rep: {kind}") { Outcome = "sent" };
        }

        var outcome = email.Unconfirmed ? "unconfirmed" : "sent";
        var step = StepOf(email.StepKey);
        return new LeadTimelineEntry(email.SentAt, LeadEventKinds.Email,
            email.Unconfirmed ? $"email {step}: not known whether it left (an attempt stopped mid-send; not sent again)" : $"email {step} sent: {email.Subject}")
        {
            Outcome = outcome,
            Data = new Dictionary<string, string> { ["stepId"] = step },
        };
    }

    private static LeadTimelineEntry Action(CustomerAction action)
    {
        var outcome = action.Type switch
        {
            CustomerActionTypes.EmailDelivered => "delivered",
            CustomerActionTypes.EmailOpened => "opened",
            CustomerActionTypes.EmailClicked => "clicked",
            CustomerActionTypes.EmailBounced => "bounced",
            CustomerActionTypes.SpamReported => "spam reported",
            CustomerActionTypes.Unsubscribed => "unsubscribed",
            _ => null,
        };
        var data = new Dictionary<string, string>(StringComparer.Ordinal) { ["type"] = action.Type };
        foreach (var name in (string[])["sequenceId", "stepId"])
        {
            if (action.Data.TryGetValue(name, out var value))
            {
                data[name] = value;
            }
        }

        if (outcome is not null)
        {
            var step = action.Data.GetValueOrDefault("stepId");
            var what = step is null ? "an email" : $"email {step}";
            var detail = action.Url ?? action.Reason;
            return new LeadTimelineEntry(action.OccurredAt, LeadEventKinds.Email, $"{what} {outcome}{(detail is null ? string.Empty : ": " + detail)}")
            {
                Outcome = outcome,
                Data = data,
            };
        }

        var extra = action.Url ?? action.Reason ?? (action.Amount is { } amount ? amount.ToString(CultureInfo.InvariantCulture) : null);
        return new LeadTimelineEntry(action.OccurredAt, LeadEventKinds.Action, action.Type.Replace('_', ' ') + (extra is null ? string.Empty : ": " + extra))
        {
            Data = data,
        };
    }

    private static LeadTimelineEntry Stage(StageTransition move)
    {
        if (move.Cause == PipelineRules.ReactivationCause)
        {
            return new LeadTimelineEntry(move.At, LeadEventKinds.Reactivated, $"reopened at {move.To} by reactivation");
        }

        var summary = move.From is null ? $"entered the pipeline at {move.To}" : $"moved from {move.From} to {move.To}";
        return new LeadTimelineEntry(move.At, LeadEventKinds.Stage, $"{summary} ({move.Cause.Replace('_', ' ')})")
        {
            Data = new Dictionary<string, string> { ["to"] = move.To, ["cause"] = move.Cause },
        };
    }

    private static string StepOf(string stepKey)
    {
        var last = stepKey.LastIndexOf(':');
        return last < 0 ? stepKey : stepKey[(last + 1)..];
    }
}

/// <summary>One line of a lead's timeline. <see cref="Outcome"/> is set on email entries: sent, deferred,
/// suppressed, unconfirmed, delivered, opened, clicked, bounced, unsubscribed, spam reported.</summary>
public sealed record LeadTimelineEntry(DateTimeOffset At, string Kind, string Summary)
{
    public string? Outcome { get; init; }

    public IReadOnlyList<string> Details { get; init; } = [];

    public IReadOnlyDictionary<string, string> Data { get; init; } = new Dictionary<string, string>();
}

/// <summary>A sent email as the timeline needs it. <see cref="ToLead"/> is false for a notice to the rep or
/// manager about the lead; <see cref="Unconfirmed"/> when an attempt stopped between handing it over and
/// recording it.</summary>
public sealed record TimelineEmail(string StepKey, string Subject, DateTimeOffset SentAt, bool ToLead, bool Unconfirmed);
