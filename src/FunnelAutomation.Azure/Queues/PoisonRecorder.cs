using Azure.Storage.Queues;

namespace FunnelAutomation.Azure.Queues;

/// <summary><c>&lt;queue&gt;-poison</c>: where a message that can never succeed is kept with its reason. One
/// writer for the sender (too large to enqueue), the local Host's <see cref="QueueProcessor"/> and the
/// Functions queue triggers, so a poisoned message reads the same whichever host put it there.</summary>
public sealed class PoisonRecorder
{
    private static readonly TimeSpan NeverExpire = TimeSpan.FromSeconds(-1);

    private readonly QueueClient _poison;
    private readonly TimeProvider _time;
    private int _ready;

    /// <param name="poisonQueue">Client for the poison queue (see <see cref="QueueClients.ForSending"/>).</param>
    /// <param name="sourceQueue">The physical name of the queue whose messages it keeps.</param>
    public PoisonRecorder(QueueClient poisonQueue, string sourceQueue, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(poisonQueue);
        ArgumentException.ThrowIfNullOrEmpty(sourceQueue);
        _poison = poisonQueue;
        SourceQueue = sourceQueue;
        _time = time ?? TimeProvider.System;
    }

    public string Name => _poison.Name;

    public string SourceQueue { get; }

    /// <summary>Records <paramref name="original"/> with why it failed. The record never expires.</summary>
    /// <param name="decoded">True when <paramref name="original"/> is the decoded text, false when it is the body as received.</param>
    public async Task<PoisonMessage> RecordAsync(
        string reason,
        string original,
        bool decoded,
        long dequeueCount = 0,
        string? messageId = null,
        DateTimeOffset? insertedOn = null,
        CancellationToken cancellationToken = default)
    {
        var poison = PoisonMessage.Create(reason, _time.GetUtcNow(), dequeueCount, SourceQueue, messageId, insertedOn, original, decoded);
        if (Volatile.Read(ref _ready) == 0)
        {
            await _poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _ready, 1);
        }

        await _poison.SendMessageAsync(poison.ToJson(), timeToLive: NeverExpire, cancellationToken: cancellationToken).ConfigureAwait(false);
        Application.Telemetry.FunnelMetrics.Count(Application.Telemetry.FunnelMetrics.PoisonMessages, "queue", SourceQueue);
        return poison;
    }
}
