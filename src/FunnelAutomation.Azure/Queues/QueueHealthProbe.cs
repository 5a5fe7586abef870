using System.Diagnostics.Metrics;
using System.Text.Json;
using FunnelAutomation.Application.Telemetry;
using FunnelAutomation.Azure.Storage;

namespace FunnelAutomation.Azure.Queues;

/// <summary>How the product's queues stand: per queue its depth, the age of its oldest message, its poison queue's
/// depth and the latest poison reasons. What <c>/api/health</c> reports and what the intake gauges
/// (<c>funnel.queue.depth</c>, <c>funnel.queue.oldest_age</c>, <c>funnel.queue.poison_depth</c>) observe: a gauge
/// reads the last snapshot and asks for a fresh one in the background (the callback must not block), so it is at
/// most one collection late. One instance per host.</summary>
public sealed class QueueHealthProbe
{
    /// <summary>How often the gauges refresh the snapshot at most.</summary>
    public static readonly TimeSpan GaugeRefresh = TimeSpan.FromSeconds(10);

    private const int PoisonReasons = 3;

    private readonly FunnelStorage _storage;
    private readonly TimeProvider _time;
    private int _refreshing;
    private long _refreshedAt;

    public QueueHealthProbe(FunnelStorage storage, TimeProvider time)
    {
        _storage = storage ?? throw new ArgumentNullException(nameof(storage));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        FunnelMetrics.Meter.CreateObservableGauge("funnel.queue.depth", () => Observe(q => (long)q.Depth), "{message}", "Messages waiting on a queue.");
        FunnelMetrics.Meter.CreateObservableGauge("funnel.queue.oldest_age", () => Observe(q => q.OldestAge?.TotalSeconds ?? 0), "s", "Age of the oldest message waiting on a queue.");
        FunnelMetrics.Meter.CreateObservableGauge("funnel.queue.poison_depth", () => Observe(q => (long)q.PoisonDepth), "{message}", "Messages in a queue's poison queue.");
    }

    public QueueSnapshot? Last { get; private set; }

    public async Task<QueueSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var queues = new List<QueueStatus>();
        foreach (var logical in QueueNames.All)
        {
            var name = _storage.Names.Queue(logical);
            var queue = _storage.QueueClient(name);
            var poison = _storage.QueueClient(QueueNames.Poison(name));
            var depth = (await queue.GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount;
            var oldest = (await queue.PeekMessagesAsync(1, cancellationToken).ConfigureAwait(false)).Value.FirstOrDefault()?.InsertedOn;
            var poisonDepth = (await poison.GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount;
            var reasons = poisonDepth == 0
                ? []
                : (await poison.PeekMessagesAsync(PoisonReasons, cancellationToken).ConfigureAwait(false)).Value
                    .Select(m => ReasonOf(Decode(m.Body.ToString()), m.InsertedOn))
                    .ToList();
            queues.Add(new QueueStatus(logical, name, depth, oldest is { } at ? _time.GetUtcNow() - at : null, poisonDepth, reasons));
        }

        var snapshot = new QueueSnapshot(_time.GetUtcNow(), queues);
        Last = snapshot;
        return snapshot;
    }

    private IEnumerable<Measurement<T>> Observe<T>(Func<QueueStatus, T> value)
        where T : struct
    {
        // Throttled on elapsed real time, not the product clock (a test's fake clock may stand still).
        var last = Last;
        if ((last is null || Environment.TickCount64 - Interlocked.Read(ref _refreshedAt) >= (long)GaugeRefresh.TotalMilliseconds) && Interlocked.Exchange(ref _refreshing, 1) == 0)
        {
            Interlocked.Exchange(ref _refreshedAt, Environment.TickCount64);
            _ = RefreshAsync();
        }

        return last is null ? [] : last.Queues.Select(q => new Measurement<T>(value(q), new KeyValuePair<string, object?>("queue", q.Name)));
    }

    private async Task RefreshAsync()
    {
        try
        {
            await ReadAsync(CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A gauge refresh that fails (storage down) keeps the last snapshot; health says why.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    /// <summary>Poison messages are Base64 as the senders write them; anything else is read as it is.</summary>
    private static string Decode(string body)
    {
        var buffer = new byte[body.Length];
        return Convert.TryFromBase64String(body, buffer, out var length) ? System.Text.Encoding.UTF8.GetString(buffer, 0, length) : body;
    }

    /// <summary>The local Host's poison messages say why (<see cref="PoisonMessage"/>); the Functions runtime moves
    /// the original message as it was, after its retries.</summary>
    private static PoisonReason ReasonOf(string body, DateTimeOffset? insertedOn)
    {
        try
        {
            var poison = StorageJson.Deserialize<PoisonMessage>(body);
            if (!string.IsNullOrEmpty(poison.Reason))
            {
                return new PoisonReason(poison.FailedAt, poison.Reason);
            }
        }
        catch (JsonException)
        {
        }

        return new PoisonReason(insertedOn, "moved to poison after the runtime's retries (see the function's logs)");
    }
}

/// <summary>The queues at <see cref="At"/>.</summary>
public sealed record QueueSnapshot(DateTimeOffset At, IReadOnlyList<QueueStatus> Queues);

/// <summary>One queue, by its logical and physical (prefixed) name: <see cref="OldestAge"/> is null when it is empty.</summary>
public sealed record QueueStatus(string Queue, string Name, int Depth, TimeSpan? OldestAge, int PoisonDepth, IReadOnlyList<PoisonReason> LastPoisonReasons);

public sealed record PoisonReason(DateTimeOffset? At, string Reason);
