using System.Text;
using Azure.Storage.Queues;

namespace FunnelAutomation.Azure.Queues;

/// <summary>Sends envelopes to one queue (Base64-encoded). Messages never expire (a TTL would drop them
/// silently); a delayed message (timer) stays invisible until due, at most 7 days ahead.</summary>
public sealed class EnvelopeSender
{
    /// <summary>The service's limit on the encoded message text.</summary>
    public const int MaxEncodedBytes = 64 * 1024;

    /// <summary>Largest UTF-8 envelope that fits once Base64-encoded (4 bytes per 3).</summary>
    public const int MaxPayloadBytes = MaxEncodedBytes / 4 * 3;

    /// <summary>Longest visibility delay the service accepts.</summary>
    public static readonly TimeSpan MaxVisibilityDelay = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);

    private static readonly TimeSpan NeverExpire = TimeSpan.FromSeconds(-1);

    private readonly QueueClient _queue;
    private readonly QueueClient _poison;
    private readonly TimeProvider _time;

    /// <param name="queue">Client for the queue, with <see cref="QueueMessageEncoding.Base64"/> (see <see cref="QueueClients.ForSending"/>).</param>
    /// <param name="poisonQueue">Client for its poison queue, same encoding.</param>
    public EnvelopeSender(QueueClient queue, QueueClient poisonQueue, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(poisonQueue);
        _queue = queue;
        _poison = poisonQueue;
        _time = time ?? TimeProvider.System;
    }

    public string Name => _queue.Name;

    public static bool FitsInMessage(string json) => Encoding.UTF8.GetByteCount(json) <= MaxPayloadBytes;

    public Task<string> SendAsync<T>(string type, string id, T payload, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default) =>
        SendAsync(MessageEnvelope.Create(type, id, payload, _time.GetUtcNow()), visibilityDelay, cancellationToken);

    /// <summary>Enqueues the envelope and returns the queue's message id. An envelope too large for a
    /// queue message is recorded in the poison queue and a <see cref="MessageTooLargeException"/> thrown.</summary>
    public async Task<string> SendAsync(MessageEnvelope envelope, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (visibilityDelay is { } delay && (delay < TimeSpan.Zero || delay > MaxVisibilityDelay))
        {
            throw new ArgumentOutOfRangeException(nameof(visibilityDelay), delay, "A queue message can be delayed by 0 to 7 days; schedule later timers in hops.");
        }

        var json = envelope.ToJson();
        if (!FitsInMessage(json))
        {
            var bytes = Encoding.UTF8.GetByteCount(json);
            var reason = $"message too large: the envelope is {bytes:N0} bytes of UTF-8 ({(bytes + 2) / 3 * 4:N0} after Base64); a queue message holds at most {MaxEncodedBytes:N0}";
            var poison = PoisonMessage.Create(reason, _time.GetUtcNow(), 0, _queue.Name, null, null, json, decoded: true);
            await _poison.SendMessageAsync(poison.ToJson(), timeToLive: NeverExpire, cancellationToken: cancellationToken).ConfigureAwait(false);
            Application.Telemetry.FunnelMetrics.Count(Application.Telemetry.FunnelMetrics.PoisonMessages, "queue", _queue.Name);
            throw new MessageTooLargeException($"Message {envelope.Id} ({envelope.Type}) was not enqueued on {_queue.Name}: {reason}. It was recorded in {_poison.Name}.", _poison.Name);
        }

        var receipt = await _queue.SendMessageAsync(json, visibilityDelay, NeverExpire, cancellationToken).ConfigureAwait(false);
        return receipt.Value.MessageId;
    }

    /// <summary>Enqueues a timer message that becomes visible at <paramref name="dueAt"/>, or after the
    /// 7-day maximum when later: the handler must compare the due time in its payload and re-schedule.</summary>
    public Task<string> ScheduleAsync(MessageEnvelope envelope, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
    {
        var delay = dueAt - _time.GetUtcNow();
        delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxVisibilityDelay ? MaxVisibilityDelay : delay;
        return SendAsync(envelope, delay, cancellationToken);
    }
}
