using System.Text.Json.Serialization;
using FunnelAutomation.Core.Configuration;

namespace FunnelAutomation.Core.Nurture;

/// <summary>One step of a nurture sequence. The <c>type</c> field picks the kind.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(EmailStep), "email")]
[JsonDerivedType(typeof(WaitStep), "wait")]
[JsonDerivedType(typeof(BranchStep), "branch")]
[JsonDerivedType(typeof(NotifyRepStep), "notifyRep")]
[JsonDerivedType(typeof(TaskStep), "task")]
public abstract record SequenceStep
{
    /// <summary>Stable id within the sequence; idempotency keys and version migration use it.</summary>
    public required string Id { get; init; }
}

/// <summary>Sends an email: a SendGrid dynamic template (id + data) or inline subject/body with
/// Handlebars placeholders such as <c>{{firstName}}</c>.</summary>
public sealed record EmailStep : SequenceStep
{
    public string? TemplateId { get; init; }

    public IReadOnlyDictionary<string, string> TemplateData { get; init; } = new Dictionary<string, string>();

    public string? Subject { get; init; }

    public string? Body { get; init; }

    /// <summary>When the email may go out: <see cref="EmailTiming.Windowed"/> (the default, business hours in the
    /// lead's zone, within the daily nurture cap) or <see cref="EmailTiming.Immediate"/> (at once, e.g. a welcome
    /// at signup).</summary>
    public EmailTiming Timing { get; init; } = EmailTiming.Windowed;

    /// <summary>An A/B test: two or more variants, each with a weight and its own content (then the step itself
    /// has none). Each lead gets one variant, chosen by <see cref="VariantChooser"/>.</summary>
    public IReadOnlyList<EmailVariant> Variants { get; init; } = [];

    /// <summary>Optional: when to stop the test and send every later lead the winning variant.</summary>
    public VariantWinnerRule? Winner { get; init; }

    public bool HasVariants => Variants.Count > 0;
}

/// <summary>An email step's timing policy. Suppression and unsubscribe apply to both.</summary>
public enum EmailTiming
{
    /// <summary>Held for the send window in the lead's time zone and counted in the daily nurture cap.</summary>
    Windowed,

    /// <summary>Sent at once, whatever the hour, and counted apart from the nurture cap (seed 004: a welcome
    /// goes out the moment someone signs up).</summary>
    Immediate,
}

/// <summary>Waits a number of hours or minutes (fractions allowed: half an hour, or a few seconds in a
/// test), or a whole number of business days in the lead's time zone. Exactly one of the three is given.</summary>
public sealed record WaitStep : SequenceStep
{
    [ConfigNumber(SequenceValidator.HoursRule)]
    public double? Hours { get; init; }

    [ConfigNumber(SequenceValidator.MinutesRule)]
    public double? Minutes { get; init; }

    [ConfigNumber(SequenceValidator.BusinessDaysRule)]
    public int? BusinessDays { get; init; }

    /// <summary>The wait as a fixed length of time; null when it counts business days (those depend on
    /// the calendar and the lead's time zone). A method, not a property, so it is never serialized.</summary>
    public TimeSpan? Duration() =>
        Hours is { } hours ? TimeSpan.FromHours(hours)
        : Minutes is { } minutes ? TimeSpan.FromMinutes(minutes)
        : null;
}

/// <summary>Jumps to <see cref="Then"/> when the condition holds, else to <see cref="Else"/> (or the next step).</summary>
public sealed record BranchStep : SequenceStep
{
    public required BranchCondition Condition { get; init; }

    public required string Then { get; init; }

    public string? Else { get; init; }
}

/// <summary>What a branch can test. Every given part must hold.</summary>
public sealed record BranchCondition
{
    /// <summary>The lead clicked a link in an email of this enrollment (any step when true).</summary>
    public bool? Clicked { get; init; }

    /// <summary>URL pattern with * wildcards ("*/pricing*") the lead visited…</summary>
    public string? Visited { get; init; }

    /// <summary>…at least this many times since enrolling (default 1).</summary>
    public int? MinVisits { get; init; }

    public int? ScoreAtLeast { get; init; }

    /// <summary>The lead is in this stage (or past it).</summary>
    public string? StageReached { get; init; }
}

/// <summary>Tells the owner rep something ("keeps visiting the pricing page").</summary>
public sealed record NotifyRepStep : SequenceStep
{
    public required string Message { get; init; }
}

/// <summary>Creates a follow-up task for the owner rep, due after some hours.</summary>
public sealed record TaskStep : SequenceStep
{
    public required string Title { get; init; }

    public int DueInHours { get; init; } = 24;
}
