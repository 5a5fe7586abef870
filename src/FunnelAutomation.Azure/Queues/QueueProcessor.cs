using System.Text;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Azure.Idempotency;

namespace FunnelAutomation.Azure.Queues;

/// <summary>Receives messages from one queue and runs a handler on each, the way the Functions queue
/// trigger does: success deletes; a failure makes the message visible again until it has failed
/// <see cref="QueueProcessorOptions.MaxDequeueCount"/> times; a malformed, oversized or unknown message,
/// or a <see cref="NonRetryableMessageException"/>, goes to <c>&lt;queue&gt;-poison</c> at once, with the
/// original and the reason. Nothing is dropped silently; one bad message never blocks the others.
/// With an idempotency store, a message id already handled is not handled again.</summary>
public sealed class QueueProcessor
{
    private static readonly TimeSpan NeverExpire = TimeSpan.FromSeconds(-1);
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly QueueClient _queue;
    private readonly PoisonRecorder _poison;
    private readonly QueueProcessorOptions _options;
    private readonly IIdempotencyStore? _idempotency;
    private readonly TimeProvider _time;

    /// <param name="connectionString">Storage account connection string.</param>
    /// <param name="queueName">The physical queue name; its poison queue is <c>{queueName}-poison</c>.</param>
    public QueueProcessor(string connectionString, string queueName, QueueProcessorOptions? options = null, IIdempotencyStore? idempotency = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentException.ThrowIfNullOrEmpty(queueName);
        _queue = QueueClients.ForReceiving(connectionString, queueName);
        _options = options ?? new QueueProcessorOptions();
        _idempotency = idempotency;
        _time = time ?? TimeProvider.System;
        _poison = new PoisonRecorder(QueueClients.ForSending(connectionString, QueueNames.Poison(queueName)), queueName, _time);
        if (_options.BatchSize is < 1 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.BatchSize, "BatchSize must be 1–32.");
        }
    }

    public string QueueName => _queue.Name;

    public string PoisonQueueName => _poison.Name;

    /// <summary>Receives one batch and handles it; an empty result means the queue had nothing visible.</summary>
    public async Task<QueueBatchResult> ProcessBatchAsync(Func<ReceivedEnvelope, CancellationToken, Task> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var response = await _queue.ReceiveMessagesAsync(_options.BatchSize, _options.VisibilityTimeout, cancellationToken).ConfigureAwait(false);
        var messages = response.Value;
        var outcomes = new MessageOutcome[messages.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, messages.Length),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxConcurrency), CancellationToken = cancellationToken },
            async (i, ct) => outcomes[i] = await HandleAsync(messages[i], handler, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return new QueueBatchResult(outcomes);
    }

    /// <summary>Processes batches until cancelled, polling an empty queue with a growing pause
    /// (up to <see cref="QueueProcessorOptions.MaxPollingInterval"/>). Returns on cancellation.</summary>
    /// <param name="hold">While it answers true nothing is received (the messages wait, visible, for later).</param>
    public async Task RunAsync(Func<ReceivedEnvelope, CancellationToken, Task> handler, CancellationToken cancellationToken, Func<bool>? hold = null)
    {
        var idle = TimeSpan.FromMilliseconds(100);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (hold?.Invoke() == true)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var batch = await ProcessBatchAsync(handler, cancellationToken).ConfigureAwait(false);
                if (batch.Messages.Count > 0)
                {
                    idle = TimeSpan.FromMilliseconds(100);
                    continue;
                }

                // Polling paces real I/O, so it waits in real time even when the host's clock is a test clock.
                await Task.Delay(idle, cancellationToken).ConfigureAwait(false);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, _options.MaxPollingInterval.Ticks));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task<MessageOutcome> HandleAsync(QueueMessage message, Func<ReceivedEnvelope, CancellationToken, Task> handler, CancellationToken cancellationToken)
    {
        var raw = message.MessageText ?? string.Empty;
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(raw);
        }
        catch (FormatException)
        {
            return await PoisonAsync(message, null, "malformed message: the body is not Base64 (every message on this queue must be Base64-encoded JSON)", raw, decoded: false, cancellationToken).ConfigureAwait(false);
        }

        if (bytes.Length > _options.MaxMessageBytes)
        {
            return await PoisonAsync(message, null, $"message too large: {bytes.Length:N0} bytes; the limit is {_options.MaxMessageBytes:N0}", raw, decoded: false, cancellationToken).ConfigureAwait(false);
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return await PoisonAsync(message, null, "malformed message: the decoded body is not UTF-8 text", raw, decoded: false, cancellationToken).ConfigureAwait(false);
        }

        if (!MessageEnvelope.TryParse(text, out var envelope, out var error) || envelope is null)
        {
            return await PoisonAsync(message, null, error ?? "malformed envelope", text, decoded: true, cancellationToken).ConfigureAwait(false);
        }

        if (_options.KnownTypes is { } known && !known.Contains(envelope.Type))
        {
            return await PoisonAsync(message, envelope, $"unknown message type '{envelope.Type}' on {_queue.Name}", text, decoded: true, cancellationToken).ConfigureAwait(false);
        }

        if (message.DequeueCount > _options.MaxDequeueCount)
        {
            // Delivered too often without completing (e.g. the worker crashed each time).
            return await PoisonAsync(message, envelope, $"dequeued {message.DequeueCount} times without completing (limit {_options.MaxDequeueCount})", text, decoded: true, cancellationToken).ConfigureAwait(false);
        }

        IdempotencyClaim? claim = null;
        if (_idempotency is not null)
        {
            claim = await _idempotency.TryClaimAsync(IdempotencyKey(envelope), _time.GetUtcNow(), _options.IdempotencyLease, cancellationToken).ConfigureAwait(false);
            switch (claim.Status)
            {
                case IdempotencyClaimStatus.Completed:
                    await DeleteAsync(message, cancellationToken).ConfigureAwait(false);
                    return Outcome(message, envelope, MessageDisposition.Duplicate, $"already handled: {claim.Outcome}");
                case IdempotencyClaimStatus.InProgress:
                    var wait = (claim.LeaseUntil ?? _time.GetUtcNow()) - _time.GetUtcNow();
                    await _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: wait > TimeSpan.Zero ? wait : TimeSpan.Zero, cancellationToken: cancellationToken).ConfigureAwait(false);
                    return Outcome(message, envelope, MessageDisposition.Deferred, "another worker is handling this id");
            }
        }

        using var span = envelope.StartProcessing(_queue.Name);
        try
        {
            await handler(new ReceivedEnvelope(envelope, _queue.Name, message.MessageId, message.DequeueCount, message.InsertedOn), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await ReleaseAsync(claim).ConfigureAwait(false);
            throw;
        }
        catch (NonRetryableMessageException ex)
        {
            await ReleaseAsync(claim).ConfigureAwait(false);
            return await PoisonAsync(message, envelope, "rejected by the handler: " + ex.Message, text, decoded: true, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any handler failure is a retry or poison decision; it must not escape and stop the batch.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            await ReleaseAsync(claim).ConfigureAwait(false);
            var failure = $"{ex.GetType().Name}: {ex.Message}";
            if (message.DequeueCount >= _options.MaxDequeueCount)
            {
                return await PoisonAsync(message, envelope, $"failed {message.DequeueCount} times (limit {_options.MaxDequeueCount}); last error: {failure}", text, decoded: true, cancellationToken).ConfigureAwait(false);
            }

            await _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: _options.RetryDelay, cancellationToken: cancellationToken).ConfigureAwait(false);
            return Outcome(message, envelope, MessageDisposition.Retrying, failure);
        }

        if (_idempotency is not null)
        {
            await _idempotency.CompleteAsync(IdempotencyKey(envelope), "processed", _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        await DeleteAsync(message, cancellationToken).ConfigureAwait(false);
        return Outcome(message, envelope, MessageDisposition.Processed);
    }

    private async Task<MessageOutcome> PoisonAsync(QueueMessage message, MessageEnvelope? envelope, string reason, string original, bool decoded, CancellationToken cancellationToken)
    {
        // Enqueue to poison before deleting: a crash in between leaves a copy, never a loss.
        await _poison.RecordAsync(reason, original, decoded, message.DequeueCount, message.MessageId, message.InsertedOn, cancellationToken).ConfigureAwait(false);
        await DeleteAsync(message, cancellationToken).ConfigureAwait(false);
        return Outcome(message, envelope, MessageDisposition.Poisoned, reason);
    }

    private async Task DeleteAsync(QueueMessage message, CancellationToken cancellationToken) =>
        await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);

    private async Task ReleaseAsync(IdempotencyClaim? claim)
    {
        if (_idempotency is not null && claim is not null)
        {
            await _idempotency.ReleaseAsync(claim, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static string IdempotencyKey(MessageEnvelope envelope) => $"msg:{envelope.Type}:{envelope.Id}";

    private static MessageOutcome Outcome(QueueMessage message, MessageEnvelope? envelope, MessageDisposition disposition, string? reason = null) =>
        new(message.MessageId, envelope?.Id, envelope?.Type, disposition, reason);
}

/// <summary>Opens a <see cref="QueueProcessor"/> on a logical queue of the funnel's storage (e.g.
/// <see cref="QueueNames.LeadsIntake"/>), deduplicating by envelope id: what a listener needs of the storage account.</summary>
public delegate QueueProcessor QueueProcessorFactory(string logicalName, QueueProcessorOptions options);
