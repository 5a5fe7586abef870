using System.Text.Json.Serialization;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Core.Journeys;

/// <summary>Something that happened to a lead's journey. Each carries the time it is decided at, so the
/// decider never reads a clock.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "input")]
[JsonDerivedType(typeof(JourneyStarted), "started")]
[JsonDerivedType(typeof(TimerFired), "timerFired")]
[JsonDerivedType(typeof(CustomerActed), "customerActed")]
[JsonDerivedType(typeof(RepTouched), "repTouched")]
[JsonDerivedType(typeof(LeadAssigned), "leadAssigned")]
[JsonDerivedType(typeof(LeadRescored), "leadRescored")]
[JsonDerivedType(typeof(EnrollmentMigrated), "enrollmentMigrated")]
public abstract record JourneyInput(DateTimeOffset At);

/// <summary>A captured lead starts its journey: where it is, how good it is, who owns it.</summary>
public sealed record JourneyStarted(
    DateTimeOffset At,
    string LeadId,
    string PipelineId,
    string Stage,
    int Score,
    Grade Grade,
    string Source,
    string? OwnerRepId,
    string? TimeZone,
    string? Country) : JourneyInput(At);

/// <summary>A <see cref="WakeAt"/> came due. Early or stale timers are harmless.</summary>
public sealed record TimerFired(DateTimeOffset At) : JourneyInput(At);

/// <summary>The prospect did something (including unsubscribing, bouncing, replying, losing the deal).</summary>
public sealed record CustomerActed(DateTimeOffset At, CustomerAction Action) : JourneyInput(At);

/// <summary>The owner rep worked the lead: the SLA clock stops.</summary>
public sealed record RepTouched(DateTimeOffset At, string RepId) : JourneyInput(At);

/// <summary>Routing gave the lead an owner (first time, after a missed SLA, or after a reopen).</summary>
public sealed record LeadAssigned(DateTimeOffset At, string RepId) : JourneyInput(At);

/// <summary>The lead was scored again (after reactivation, or new engagement).</summary>
public sealed record LeadRescored(DateTimeOffset At, int Score, Grade Grade) : JourneyInput(At);

/// <summary>A marketer moved running enrollments of a sequence onto another version.</summary>
public sealed record EnrollmentMigrated(DateTimeOffset At, string SequenceId, int ToVersion) : JourneyInput(At);
