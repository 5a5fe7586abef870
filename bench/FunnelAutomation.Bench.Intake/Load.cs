using System.Diagnostics;

namespace FunnelAutomation.Bench.Intake;

internal sealed record LoadResult(int Count, double Seconds, double[] Latencies)
{
    public double Rate => Count / Seconds;

    public double P50 => Load.Percentile(Latencies, 0.50);
}

internal static class Load
{
    /// <summary>Runs <paramref name="count"/> operations with <paramref name="concurrency"/> workers; latencies in ms, sorted.</summary>
    public static async Task<LoadResult> RunAsync(int count, int concurrency, Func<int, Task> operation)
    {
        var latencies = new double[count];
        var next = -1;
        var total = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                await operation(i).ConfigureAwait(false);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        });
        await Task.WhenAll(workers).ConfigureAwait(false);
        var seconds = total.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return new LoadResult(count, seconds, latencies);
    }

    public static Task<LoadResult> RunAsync<T>(int count, int concurrency, Func<int, Task<T>> operation) =>
        RunAsync(count, concurrency, async i => { await operation(i).ConfigureAwait(false); });

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
