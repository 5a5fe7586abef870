namespace FunnelAutomation.Application.Leads;

/// <summary>A lead submission as queued on <c>leads-intake</c>: the raw fields (validated again when
/// processed), the submission id (the idempotency key) and when it was received.</summary>
public sealed record LeadSubmitted(string SubmissionId, IReadOnlyDictionary<string, string?> Fields, DateTimeOffset ReceivedAt)
{
    public const string MessageType = "lead-submitted";
}
