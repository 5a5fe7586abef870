using System.Collections.Concurrent;
using System.Globalization;
using Azure.Storage.Queues;
using FunnelAutomation.Azure.Queues;

namespace FunnelAutomation.Bench.Queues;

/// <summary>What one run puts on its queue: N distinct envelopes (sent with <see cref="EnvelopeSender"/>), a share of
/// them sent twice (same envelope id: must have one effect), a share whose handler always throws (must end in
/// <c>-poison</c> after maxDequeueCount attempts), and malformed messages (not Base64, or Base64 but not an envelope:
/// our processor poisons them at once).</summary>
internal sealed record Workload(int Envelopes, double DuplicatePercent, double FailingPercent, int NotBase64, int NotEnvelope)
{
    public const string Type = "bench.item";

    public int Duplicates => (int)(Envelopes * DuplicatePercent / 100);

    public int Failing => (int)(Envelopes * FailingPercent / 100);

    public int Malformed => NotBase64 + NotEnvelope;

    public int Messages => Envelopes + Duplicates + Malformed;

    /// <summary>Messages that must end in <c>-poison</c>: every copy of a failing id (a duplicate of one fails too), and the malformed ones.</summary>
    public int PoisonExpected => EnvelopeNumbers().Count(i => IsFailing(Id(i))) + Malformed;

    /// <summary>Envelopes whose handler succeeds: each must have exactly one effect.</summary>
    public int Good => Envelopes - Failing;

    public static string Id(int i) => "e-" + i.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>Failing ids are spread over the run (every k-th), duplicates are the last ids, sent again at the end.</summary>
    public bool IsFailing(string id) => Failing > 0 && int.Parse(id.AsSpan(2), CultureInfo.InvariantCulture) % (Envelopes / Failing) == 0;

    /// <summary>Every envelope sent, in order: 0..N-1, then the last <see cref="Duplicates"/> again.</summary>
    private IEnumerable<int> EnvelopeNumbers() => Enumerable.Range(0, Envelopes).Concat(Enumerable.Range(Envelopes - Duplicates, Duplicates));

    public async Task EnqueueAsync(string connectionString, string queueName, int concurrency)
    {
        var sender = new EnvelopeSender(QueueClients.ForSending(connectionString, queueName), QueueClients.ForSending(connectionString, QueueNames.Poison(queueName)));
        var raw = QueueClients.ForReceiving(connectionString, queueName);
        var items = EnvelopeNumbers().ToList();
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
            await sender.SendAsync(Type, Id(i), new { n = i, note = "queue listener benchmark" }, cancellationToken: ct).ConfigureAwait(false)).ConfigureAwait(false);
        for (var i = 0; i < NotBase64; i++)
        {
            await raw.SendMessageAsync("not base64 {" + i.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        }

        for (var i = 0; i < NotEnvelope; i++)
        {
            await raw.SendMessageAsync(Convert.ToBase64String("{\"schemaVersion\":1,\"oops\":true}"u8)).ConfigureAwait(false);
        }
    }
}

/// <summary>The handler both listeners run: records the envelope id (the "effect"), and throws for the failing ids.</summary>
internal sealed class BenchHandler(Workload workload)
{
    public ConcurrentDictionary<string, int> Effects { get; } = new(StringComparer.Ordinal);

    public int Attempts => Volatile.Read(ref _attempts);

    private int _attempts;

    public Task HandleAsync(string id)
    {
        Interlocked.Increment(ref _attempts);
        if (workload.IsFailing(id))
        {
            throw new InvalidOperationException($"bench: {id} always fails");
        }

        Effects.AddOrUpdate(id, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}
