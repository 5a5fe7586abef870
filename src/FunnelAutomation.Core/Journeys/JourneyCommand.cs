using System.Text.Json.Serialization;

namespace FunnelAutomation.Core.Journeys;

/// <summary>An effect the journey asks its host to carry out. <see cref="Key"/> is the idempotency key:
/// a host that runs a command twice (at-least-once delivery) must have its effect once.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "command")]
[JsonDerivedType(typeof(SendEmail), "sendEmail")]
[JsonDerivedType(typeof(EmailDeferred), "emailDeferred")]
[JsonDerivedType(typeof(NotifyRep), "notifyRep")]
[JsonDerivedType(typeof(NotifyManager), "notifyManager")]
[JsonDerivedType(typeof(CreateTask), "createTask")]
[JsonDerivedType(typeof(AdvanceStage), "advanceStage")]
[JsonDerivedType(typeof(MarkLost), "markLost")]
[JsonDerivedType(typeof(ReopenLead), "reopenLead")]
[JsonDerivedType(typeof(Reassign), "reassign")]
[JsonDerivedType(typeof(Rescore), "rescore")]
[JsonDerivedType(typeof(Enroll), "enroll")]
[JsonDerivedType(typeof(ExitSequence), "exitSequence")]
[JsonDerivedType(typeof(WakeAt), "wakeAt")]
[JsonDerivedType(typeof(Complete), "complete")]
public abstract record JourneyCommand(string Key, string LeadId);

/// <summary>Send one nurture email: a SendGrid dynamic template or inline Handlebars content. For an A/B-tested
/// step, <see cref="VariantId"/> names the variant the content is from (<see cref="Nurture.VariantChooser"/>).</summary>
public sealed record SendEmail(
    string Key,
    string LeadId,
    string EnrollmentId,
    string SequenceId,
    int SequenceVersion,
    string StepId,
    string? TemplateId,
    IReadOnlyDictionary<string, string> TemplateData,
    string? Subject,
    string? Body,
    string? VariantId = null) : JourneyCommand(Key, LeadId)
{
    /// <summary>The same email (same key: still one per lead and step) with the variant's content.</summary>
    public SendEmail WithVariant(Nurture.EmailVariant variant)
    {
        ArgumentNullException.ThrowIfNull(variant);
        return this with { VariantId = variant.Id, TemplateId = variant.TemplateId, TemplateData = variant.TemplateData, Subject = variant.Subject, Body = variant.Body };
    }
}

/// <summary>A record for the lead's timeline, no effect: a windowed email step is held until <see cref="Until"/>,
/// for <see cref="Reason"/> (outside the send window, not a business day, the daily cap).</summary>
public sealed record EmailDeferred(
    string Key,
    string LeadId,
    string EnrollmentId,
    string SequenceId,
    string StepId,
    DateTimeOffset At,
    DateTimeOffset Until,
    string Reason) : JourneyCommand(Key, LeadId);

public sealed record NotifyRep(string Key, string LeadId, string RepId, string Message) : JourneyCommand(Key, LeadId);

/// <summary>Tell the rep's manager (the rep missed the SLA).</summary>
public sealed record NotifyManager(string Key, string LeadId, string RepId, string Message) : JourneyCommand(Key, LeadId);

public sealed record CreateTask(string Key, string LeadId, string RepId, string Title, DateTimeOffset DueAt) : JourneyCommand(Key, LeadId);

/// <summary>The journey moved the lead forward; the host records the move on the stored lead as decided
/// (<see cref="LeadProjection"/>), without judging it again.</summary>
public sealed record AdvanceStage(string Key, string LeadId, string Stage, string Cause, DateTimeOffset At) : JourneyCommand(Key, LeadId);

public sealed record MarkLost(string Key, string LeadId, string Reason, DateTimeOffset At) : JourneyCommand(Key, LeadId);

/// <summary>Reopen a lost lead through reactivation.</summary>
public sealed record ReopenLead(string Key, string LeadId, DateTimeOffset At) : JourneyCommand(Key, LeadId);

/// <summary>Route the lead again: to <see cref="PreferredRepId"/> if still active, else by the routing
/// rules, never to an excluded rep. The host answers with <see cref="LeadAssigned"/>.</summary>
public sealed record Reassign(
    string Key,
    string LeadId,
    string? PreferredRepId,
    IReadOnlyList<string> ExcludedRepIds,
    string Reason) : JourneyCommand(Key, LeadId);

/// <summary>Score the lead again; the host answers with <see cref="LeadRescored"/>.</summary>
public sealed record Rescore(string Key, string LeadId) : JourneyCommand(Key, LeadId);

public sealed record Enroll(string Key, string LeadId, string EnrollmentId, string SequenceId, int SequenceVersion) : JourneyCommand(Key, LeadId);

public sealed record ExitSequence(string Key, string LeadId, string EnrollmentId, string SequenceId, string Reason) : JourneyCommand(Key, LeadId);

/// <summary>Deliver a <see cref="TimerFired"/> at this time (a durable timer or a delayed message).</summary>
public sealed record WakeAt(string Key, string LeadId, DateTimeOffset At) : JourneyCommand(Key, LeadId);

/// <summary>The journey has nothing left to do.</summary>
public sealed record Complete(string Key, string LeadId, string Reason) : JourneyCommand(Key, LeadId);
