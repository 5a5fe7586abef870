using System.Globalization;
using Azure;
using Azure.Data.Tables;
using FunnelAutomation.Azure.Storage;

namespace FunnelAutomation.Azure.Journeys;

/// <summary>Durable journey timers, one row per (lead, due time), partitioned by due day (UTC). A sweep
/// reads the days from its cursor up to now. Unlike a delayed queue message this follows the host's
/// TimeProvider (tests advance time instead of sleeping) and has no 7-day visibility limit.</summary>
public sealed class JourneyTimerTable(TableClient table)
{
    private const string CursorPartition = "cursor";
    private const string CursorRow = "sweep";
    /// <summary>Timers fired at once by one sweep.</summary>
    public const int FireConcurrency = 16;

    public Task ScheduleAsync(string leadId, DateTimeOffset dueAt, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(new TableEntity(Day(dueAt), TableKeys.Encode(leadId) + "_" + TableKeys.Ticks(dueAt))
        {
            ["LeadId"] = leadId,
            ["DueAt"] = dueAt,
        }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>Calls <paramref name="fire"/> for every timer due by <paramref name="now"/>, up to
    /// <see cref="FireConcurrency"/> at once; a timer row is deleted only after its <paramref name="fire"/> returned.
    /// A timer whose <paramref name="fire"/> throws stays and is fired again by the next sweep: the cursor does not
    /// move past its day. Safe to run on two hosts at once: firing the same timer twice is harmless to the caller
    /// (a journey step on a timer finds nothing due the second time).</summary>
    public async Task<TimerSweep> SweepAsync(DateTimeOffset now, Func<string, string, CancellationToken, Task> fire, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fire);
        var cursor = await table.GetEntityIfExistsAsync<TableEntity>(CursorPartition, CursorRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        var from = cursor.HasValue && cursor.Value!.GetDateTimeOffset("Day") is { } day ? day : now.AddDays(-2);
        var fired = 0;
        var failed = 0;
        DateTimeOffset? firstFailedDay = null;
        string? firstError = null;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = FireConcurrency, CancellationToken = cancellationToken };
        for (var d = StartOfDay(from); d <= now; d = d.AddDays(1))
        {
            var partition = Day(d);
            var dayFailed = false;
            await foreach (var page in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
            {
                // 10,000 timers due together would otherwise be 10,000 sequential steps.
                await Parallel.ForEachAsync(page.Values, parallel, async (row, ct) =>
                {
                    if (row.GetDateTimeOffset("DueAt") is not { } due || due > now)
                    {
                        return;
                    }

                    try
                    {
                        await fire(row.GetString("LeadId"), "timer:" + row.RowKey, ct).ConfigureAwait(false);
                    }
#pragma warning disable CA1031 // One failing timer must not stop the others; it stays for the next sweep.
                    catch (Exception ex) when (!ct.IsCancellationRequested)
#pragma warning restore CA1031
                    {
                        Interlocked.Increment(ref failed);
                        Interlocked.CompareExchange(ref firstError, $"{row.GetString("LeadId")}: {ex.GetType().Name}: {ex.Message}", null);
                        dayFailed = true;
                        return;
                    }

                    try
                    {
                        await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, ct).ConfigureAwait(false);
                    }
                    catch (RequestFailedException ex) when (ex.IsNotFound() || ex.IsPreconditionFailed())
                    {
                        // Another host fired it too.
                    }

                    Interlocked.Increment(ref fired);
                }).ConfigureAwait(false);
            }

            if (dayFailed && firstFailedDay is null)
            {
                firstFailedDay = d;
            }
        }

        await table.UpsertEntityAsync(new TableEntity(CursorPartition, CursorRow) { ["Day"] = firstFailedDay ?? StartOfDay(now) }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return new TimerSweep(fired, failed, firstError);
    }

    private static DateTimeOffset StartOfDay(DateTimeOffset at) => new(at.UtcDateTime.Date, TimeSpan.Zero);

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}

/// <summary>What one sweep did: timers fired (and deleted), timers whose firing failed (kept for the next
/// sweep) and the first failure's reason.</summary>
public sealed record TimerSweep(int Fired, int Failed, string? FirstError);
