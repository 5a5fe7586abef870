using System.Text;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using FunnelAutomation.Azure.Idempotency;
using FunnelAutomation.Azure.Queues;

namespace FunnelAutomation.Bench.Queues;

/// <summary>What the Host would still need of its own inside a WebJobs <c>[QueueTrigger]</c> function to keep
/// QueueProcessor's behaviour. The SDK gives: receive/batch/newBatchThreshold, delete on success, release with
/// visibilityTimeout on failure, <c>-poison</c> after maxDequeueCount (raw copy, no reason), not-Base64 poisoned at
/// once. It does not give: oversized/not-an-envelope/non-retryable poisoned at once with a reason, the envelope-id
/// claim. Returning normally makes the SDK delete the message; throwing makes it retry.</summary>
internal sealed class WebJobsEnvelopeGlue(QueueClient poison, IIdempotencyStore idempotency, TimeSpan lease, TimeProvider time)
{
    private static readonly TimeSpan NeverExpire = TimeSpan.FromSeconds(-1);

    public async Task RunAsync(QueueMessage message, string queueName, Func<ReceivedEnvelope, CancellationToken, Task> handler, CancellationToken cancellationToken)
    {
        var text = message.MessageText;
        if (Encoding.UTF8.GetByteCount(text) > EnvelopeSender.MaxPayloadBytes)
        {
            await PoisonAsync(message, queueName, "message too large", text, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!MessageEnvelope.TryParse(text, out var envelope, out var error) || envelope is null)
        {
            await PoisonAsync(message, queueName, error ?? "malformed envelope", text, cancellationToken).ConfigureAwait(false);
            return;
        }

        var key = $"msg:{envelope.Type}:{envelope.Id}";
        var claim = await idempotency.TryClaimAsync(key, time.GetUtcNow(), lease, cancellationToken).ConfigureAwait(false);
        if (claim.Status == IdempotencyClaimStatus.Completed)
        {
            return;
        }

        if (claim.Status == IdempotencyClaimStatus.InProgress)
        {
            // The SDK cannot defer without counting a dequeue: the retry costs one of maxDequeueCount attempts.
            throw new InvalidOperationException($"{key} is being handled by another worker");
        }

        try
        {
            await handler(new ReceivedEnvelope(envelope, queueName, message.MessageId, message.DequeueCount, message.InsertedOn), cancellationToken).ConfigureAwait(false);
        }
        catch (NonRetryableMessageException ex)
        {
            await idempotency.ReleaseAsync(claim, CancellationToken.None).ConfigureAwait(false);
            await PoisonAsync(message, queueName, "rejected by the handler: " + ex.Message, text, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch
        {
            await idempotency.ReleaseAsync(claim, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await idempotency.CompleteAsync(key, "processed", time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    private async Task PoisonAsync(QueueMessage message, string queueName, string reason, string original, CancellationToken cancellationToken)
    {
        var record = new PoisonMessage
        {
            Reason = reason,
            FailedAt = time.GetUtcNow(),
            DequeueCount = message.DequeueCount,
            Queue = queueName,
            MessageId = message.MessageId,
            InsertedOn = message.InsertedOn,
            OriginalFormat = PoisonMessage.TextFormat,
            OriginalMessage = original,
            OriginalLength = original.Length,
        };
        await poison.SendMessageAsync(record.ToJson(), timeToLive: NeverExpire, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
