using FunnelAutomation.Application.Leads;
using FunnelAutomation.Azure.Queues;
using FunnelAutomation.Core.Common;
using FunnelAutomation.Application.Telemetry;

namespace FunnelAutomation.Azure.Leads;

/// <summary>Accepts a submission: validated now (so the sender learns about bad fields at once), queued on
/// <c>leads-intake</c> as a <see cref="LeadSubmitted"/> envelope, processed by the intake listener (the
/// local Host's or the Functions queue trigger). The lead id is known before processing because it derives
/// from the email.</summary>
/// <param name="intake">The sender on <c>leads-intake</c>; the poster waits on its put, so give it
/// <see cref="QueueClients.RequestPath"/>'s short retries (fail fast: 503 + Retry-After) rather than long ones.</param>
public sealed class LeadAcceptor(EnvelopeSender intake, TimeProvider time)
{
    private readonly EnvelopeSender _intake = intake ?? throw new ArgumentNullException(nameof(intake));

    public async Task<Result<string>> AcceptAsync(IReadOnlyDictionary<string, string?> fields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var validated = LeadIntakeService.Validate(fields);
        if (!validated.IsSuccess)
        {
            FunnelMetrics.Count(FunnelMetrics.LeadsRejected, "stage", "capture");
            return validated;
        }

        var submission = new LeadSubmitted(Guid.NewGuid().ToString("N"), fields, time.GetUtcNow());
        await _intake.SendAsync(LeadSubmitted.MessageType, submission.SubmissionId, submission, cancellationToken: cancellationToken).ConfigureAwait(false);
        FunnelMetrics.Count(FunnelMetrics.LeadsAccepted, "source", SourceOf(fields));
        return validated;
    }

    // A metric tag: the few known sources by name, anything else as "other" (a free-text field must not make series).
    private static string SourceOf(IReadOnlyDictionary<string, string?> fields) =>
        fields.GetValueOrDefault(Core.Leads.LeadFields.Source)?.Trim().ToLowerInvariant() is { } source
            ? source is "website" or "import" or "trade-show" or "webinar" or "referral" or "partner" ? source : "other"
            : "website";
}
