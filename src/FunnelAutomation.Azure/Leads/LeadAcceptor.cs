using FunnelAutomation.Application.Leads;
using FunnelAutomation.Azure.Queues;
using FunnelAutomation.Core.Common;

namespace FunnelAutomation.Azure.Leads;

/// <summary>Accepts a submission: validated now (so the sender learns about bad fields at once), queued on
/// <c>leads-intake</c> as a <see cref="LeadSubmitted"/> envelope, processed by the intake listener (the
/// local Host's or the Functions queue trigger). The lead id is known before processing because it derives
/// from the email.</summary>
public sealed class LeadAcceptor(FunnelStorage storage, TimeProvider time)
{
    // The poster waits on this put: fail fast (503 + Retry-After) rather than hold the request through long retries.
    private readonly EnvelopeSender _intake = storage.Sender(QueueNames.LeadsIntake, QueueClients.RequestPath);

    public async Task<Result<string>> AcceptAsync(IReadOnlyDictionary<string, string?> fields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var validated = LeadIntakeService.Validate(fields);
        if (!validated.IsSuccess)
        {
            return validated;
        }

        var submission = new LeadSubmitted(Guid.NewGuid().ToString("N"), fields, time.GetUtcNow());
        await _intake.SendAsync(LeadSubmitted.MessageType, submission.SubmissionId, submission, cancellationToken: cancellationToken).ConfigureAwait(false);
        return validated;
    }
}
