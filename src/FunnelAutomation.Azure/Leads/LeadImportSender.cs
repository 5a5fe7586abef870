using FunnelAutomation.Application.Leads.Import;
using FunnelAutomation.Azure.Queues;

namespace FunnelAutomation.Azure.Leads;

/// <summary>Puts import batches on <c>leads-import</c>, one message per batch. A batch whose envelope would not fit
/// a queue message (64 KiB after Base64) is split in halves until each part fits, ids "{batch}a", "{batch}b"…, so
/// each part is counted once as it is processed.</summary>
public sealed class LeadImportSender(EnvelopeSender queue) : ILeadImportSender
{
    private readonly EnvelopeSender _queue = queue ?? throw new ArgumentNullException(nameof(queue));

    public async Task SendAsync(LeadImportBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var envelope = MessageEnvelope.Create(LeadImportBatch.MessageType, batch.ImportId + ":" + batch.BatchId, batch);
        if (EnvelopeSender.FitsInMessage(envelope.ToJson()) || batch.Rows.Count == 1)
        {
            // One row that still does not fit (huge unknown columns) is recorded in the poison queue and fails the upload.
            await _queue.SendAsync(envelope, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        var half = batch.Rows.Count / 2;
        await Task.WhenAll(
            SendAsync(batch with { BatchId = batch.BatchId + "a", Rows = [.. batch.Rows.Take(half)] }, cancellationToken),
            SendAsync(batch with { BatchId = batch.BatchId + "b", Rows = [.. batch.Rows.Skip(half)] }, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Bytes of the envelope a batch becomes, for tests and the bench.</summary>
    public static int EnvelopeBytes(LeadImportBatch batch) =>
        System.Text.Encoding.UTF8.GetByteCount(MessageEnvelope.Create(LeadImportBatch.MessageType, "x", batch).ToJson());
}
