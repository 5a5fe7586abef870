namespace FunnelAutomation.Core.Analytics;

/// <summary>The last email of a sequence sent to a lead (one kept per lead and sequence), for attributing
/// the lead's later stage advances to that sequence. <see cref="ConvertedAt"/> is set once the email has been
/// credited with a conversion, so one email converts at most once however many stages the lead then moves. <see cref="VariantId"/> names
/// the A/B variant the email was, so its conversion is counted on that variant.</summary>
public sealed record EmailTouch(string LeadId, string SequenceId, string StepId, DateTimeOffset SentAt, DateTimeOffset? ConvertedAt = null, string? VariantId = null, DateTimeOffset? RepliedAt = null);
