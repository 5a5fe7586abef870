using System.Globalization;
using FunnelAutomation.Core.Nurture;
using FunnelAutomation.Core.Pipeline;

namespace FunnelAutomation.Core.Journeys;

/// <summary>What a sequence would send one lead, and when, before it is activated: the journey decider itself is
/// run on a fake clock (each timer fired the moment it is due), so send windows, business days, the lead's time
/// zone, immediate timing, variants and branches are decided by the same code as a real journey. Pure: the
/// start time is passed in.</summary>
public static class SequencePreview
{
    private const int MaxDecisions = 1000;

    public static SequencePreviewResult Run(
        SequenceDefinition sequence,
        PipelineDefinition pipeline,
        JourneySettings settings,
        JourneyStarted lead,
        PreviewAssumptions assumptions)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(assumptions);
        var context = new JourneyContext(pipeline, new SequenceCatalog([sequence]), settings);
        var start = lead.At;
        var stage = sequence.Enrollment.StageEntered ?? lead.Stage;
        var zone = LeadTimeZones.Resolve(lead.TimeZone, lead.Country, settings.DefaultTimeZone);
        var said = new List<string>
        {
            $"starts {Format(start, zone)} ({zone}, from {(lead.TimeZone is null ? lead.Country is null ? "the default zone" : "country " + lead.Country : "the lead's time zone")})",
            assumptions.Clicked ? "the lead clicks an email before any branch is decided" : "the lead clicks no email",
            assumptions.Visits.Count == 0 ? "the lead visits no tracked page" : $"the lead has visited {string.Join(", ", assumptions.Visits)} before any branch is decided",
            $"no other customer action: no reply, meeting or stage change (the lead stays in stage {stage}, score {lead.Score}, grade {lead.Grade})",
            "no other sequence mails the lead (the daily cap counts only this sequence's windowed emails)",
            $"send window {settings.SendWindowStartHour:00}:00–{settings.SendWindowEndHour:00}:00 on {string.Join(", ", settings.BusinessDays.Select(d => d.ToString()[..3]))} in the lead's time zone, at most {settings.MaxEmailsPerDay} windowed email(s) a day",
        };

        // Would this lead enroll? The decider answers from the sequence's criteria (a win-back one enrolls lost leads later).
        var probe = JourneyDecider.Decide(context, null, lead with { Stage = stage, OwnerRepId = null });
        var enrolls = probe.Commands.OfType<Enroll>().Any(c => c.SequenceId == sequence.Id);
        if (sequence.IsWinBack)
        {
            said.Add($"a win-back sequence: shown from the moment a lead lost {sequence.Enrollment.LostForDays} day(s) ago enrolls");
        }
        else if (!enrolls)
        {
            said.Add("this lead does not meet the enrollment criteria (pipeline, stage, grade or source): shown as if it were enrolled");
        }
        else if (sequence.Enrollment.StageEntered is { } entered)
        {
            said.Add($"the lead enters stage {entered} at the start");
        }

        var enrollmentId = $"{sequence.Id}-v{sequence.Version}-preview";
        var state = new JourneyState
        {
            LeadId = lead.LeadId,
            PipelineId = lead.PipelineId,
            Stage = stage,
            Score = lead.Score,
            Grade = lead.Grade,
            Source = lead.Source,
            TimeZone = zone,
            OwnerRepId = lead.OwnerRepId ?? "owner",
            PastSequences = [sequence.Id],
            EnrollmentCount = 1,
            Enrollment = new Enrollment
            {
                EnrollmentId = enrollmentId,
                SequenceId = sequence.Id,
                Version = sequence.Version,
                EnrolledAt = start,
                NextStepAt = start,
                Clicked = assumptions.Clicked,
                Visits = assumptions.Visits,
            },
        };

        var emails = new List<PreviewEmail>();
        var actions = new List<PreviewAction>();
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var heldSince = new Dictionary<int, DateTimeOffset>();
        var end = "completed";
        for (var i = 0; i < MaxDecisions && state.Enrollment is { } enrollment; i++)
        {
            var at = enrollment.NextStepAt;
            var decision = JourneyDecider.Decide(context, state, new TimerFired(at));
            foreach (var command in decision.Commands)
            {
                switch (command)
                {
                    case SendEmail send:
                        var step = (EmailStep)sequence.Steps[sequence.IndexOf(send.StepId)];
                        var due = heldSince.GetValueOrDefault(sequence.IndexOf(send.StepId), at);
                        reached.Add(send.StepId);
                        emails.Add(new PreviewEmail(send.StepId, send.VariantId, step.Timing, due, Local(due, zone), at, Local(at, zone),
                            send.TemplateId, send.Subject, due < at ? "held by the send window" : null));
                        break;
                    case NotifyRep notify when notify.Key.Contains(enrollmentId, StringComparison.Ordinal):
                        reached.Add(StepOf(notify.Key));
                        actions.Add(new PreviewAction(StepOf(notify.Key), "notifyRep", at, notify.Message));
                        break;
                    case CreateTask task:
                        reached.Add(StepOf(task.Key));
                        actions.Add(new PreviewAction(StepOf(task.Key), "task", at, task.Title));
                        break;
                    case ExitSequence exit:
                        end = exit.Reason;
                        break;
                }
            }

            state = decision.State;
            if (state.Enrollment is { } next && Held(sequence, enrollment.StepIndex, next, at))
            {
                heldSince.TryAdd(next.StepIndex, at);
            }
        }

        var notReached = sequence.Steps
            .Where(s => s is EmailStep or NotifyRepStep or TaskStep && !reached.Contains(s.Id))
            .Select(s => s.Id)
            .ToList();
        return new SequencePreviewResult(sequence.Id, sequence.Version, zone, start, enrolls, said, emails, actions, notReached, end);
    }

    // The decider holds a windowed email by leaving the enrollment on it with a later NextStepAt; a wait step also
    // leaves a later NextStepAt, but moves on to the step after it. So: still on the same email step, or arrived at
    // an email step that no wait step leads into (e.g. by a branch), and not yet due.
    private static bool Held(SequenceDefinition sequence, int indexBefore, Enrollment after, DateTimeOffset at) =>
        after.NextStepAt > at && after.StepIndex < sequence.Steps.Count && sequence.Steps[after.StepIndex] is EmailStep
        && (after.StepIndex == indexBefore || after.StepIndex == 0 || sequence.Steps[after.StepIndex - 1] is not WaitStep);

    private static string StepOf(string key) => key[(key.LastIndexOf(':') + 1)..];

    private static DateTimeOffset Local(DateTimeOffset at, string zone) => TimeZoneInfo.ConvertTime(at, LeadTimeZones.Find(zone));

    private static string Format(DateTimeOffset at, string zone) =>
        Local(at, zone).ToString("ddd yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>What the preview takes for granted about the lead's behaviour, stated back in the result.</summary>
public sealed record PreviewAssumptions
{
    /// <summary>The lead clicks an email (branches on <c>clicked</c> take their then-side).</summary>
    public bool Clicked { get; init; }

    /// <summary>Pages the lead has visited (branches on <c>visited</c> count them).</summary>
    public IReadOnlyList<string> Visits { get; init; } = [];

    public static PreviewAssumptions NoAction { get; } = new();
}

/// <param name="Assumptions">Every assumption the simulation made, as sentences.</param>
/// <param name="NotReached">Email, notify and task steps the lead does not reach under these assumptions.</param>
/// <param name="EndReason">Why the enrollment ends ("completed", or an exit reason).</param>
public sealed record SequencePreviewResult(
    string SequenceId,
    int Version,
    string TimeZone,
    DateTimeOffset Start,
    bool Enrolls,
    IReadOnlyList<string> Assumptions,
    IReadOnlyList<PreviewEmail> Emails,
    IReadOnlyList<PreviewAction> Actions,
    IReadOnlyList<string> NotReached,
    string EndReason);

/// <summary>One email the lead would get: reached at <paramref name="DueAt"/>, sent at <paramref name="SendAt"/>
/// (UTC; the Local… twins are the same instants in the lead's zone); <paramref name="Held"/> says why they differ.</summary>
public sealed record PreviewEmail(
    string StepId,
    string? VariantId,
    EmailTiming Timing,
    DateTimeOffset DueAt,
    DateTimeOffset LocalDueAt,
    DateTimeOffset SendAt,
    DateTimeOffset LocalSendAt,
    string? TemplateId,
    string? Subject,
    string? Held);

/// <summary>A notify-the-owner or task step the lead would reach.</summary>
public sealed record PreviewAction(string StepId, string Kind, DateTimeOffset At, string Text);
