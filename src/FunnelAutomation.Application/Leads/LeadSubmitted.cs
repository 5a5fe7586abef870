using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Application.Leads;

/// <summary>A lead submission as queued on <c>leads-intake</c>: the raw fields (validated again when
/// processed), the submission id (the idempotency key) and when it was received.</summary>
public sealed record LeadSubmitted(string SubmissionId, IReadOnlyDictionary<string, string?> Fields, DateTimeOffset ReceivedAt)
{
    public const string MessageType = "lead-submitted";

    /// <summary>A row of a bulk import rather than a form post: counted once however often it is imported.</summary>
    public bool Imported { get; init; }

    /// <summary>The id of the form_submitted action this submission records (see <see cref="SubmissionKey"/>).</summary>
    public string ActionId() => Imported ? SubmissionKey.ImportActionId(Fields) : SubmissionKey.ActionId(Fields, ReceivedAt);

    /// <summary>True when the log already holds this submission: for a form post, the same fields from just before
    /// a slot boundary; an imported row's id collides in the log by itself.</summary>
    public bool RepeatsEarlier(IReadOnlyList<CustomerAction> history) => !Imported && SubmissionKey.RepeatsEarlier(history, Fields, ReceivedAt);
}
