namespace FunnelAutomation.Core.Analytics;

/// <summary>The last email of a sequence sent to a lead (one kept per lead and sequence), for attributing
/// the lead's later stage advances to that sequence.</summary>
public sealed record EmailTouch(string LeadId, string SequenceId, string StepId, DateTimeOffset SentAt);
