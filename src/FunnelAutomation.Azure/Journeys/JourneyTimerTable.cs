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
    private const int FireConcurrency = 16;

    public Task ScheduleAsync(string leadId, DateTimeOffset dueAt, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(new TableEntity(Day(dueAt), TableKeys.Encode(leadId) + "_" + TableKeys.Ticks(dueAt))
        {
            ["LeadId"] = leadId,
            ["DueAt"] = dueAt,
        }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>Calls <paramref name="fire"/> for every timer due by <paramref name="now"/> (the timer row is
    /// deleted only after it), then moves the cursor to today. Safe to run on two hosts at once: the
    /// events it fires carry the timer's row key as their idempotency id.</summary>
    public async Task<int> SweepAsync(DateTimeOffset now, Func<string, string, CancellationToken, Task> fire, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fire);
        var cursor = await table.GetEntityIfExistsAsync<TableEntity>(CursorPartition, CursorRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        var from = cursor.HasValue && cursor.Value!.GetDateTimeOffset("Day") is { } day ? day : now.AddDays(-2);
        var fired = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = FireConcurrency, CancellationToken = cancellationToken };
        for (var d = StartOfDay(from); d <= now; d = d.AddDays(1))
        {
            var partition = Day(d);
            await foreach (var page in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
            {
                // Timers of one page fire concurrently: 10,000 timers due together would otherwise cost 10,000
                // sequential enqueue + delete round trips before the listeners see the last of them.
                await Parallel.ForEachAsync(page.Values, parallel, async (row, ct) =>
                {
                    if (row.GetDateTimeOffset("DueAt") is not { } due || due > now)
                    {
                        return;
                    }

                    await fire(row.GetString("LeadId"), "timer:" + row.RowKey, ct).ConfigureAwait(false);
                    try
                    {
                        await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, ct).ConfigureAwait(false);
                    }
                    catch (RequestFailedException ex) when (ex.IsNotFound() || ex.IsPreconditionFailed())
                    {
                        // Another host fired it too; its event id makes the second one a duplicate.
                    }

                    Interlocked.Increment(ref fired);
                }).ConfigureAwait(false);
            }
        }

        await table.UpsertEntityAsync(new TableEntity(CursorPartition, CursorRow) { ["Day"] = StartOfDay(now) }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return fired;
    }

    private static DateTimeOffset StartOfDay(DateTimeOffset at) => new(at.UtcDateTime.Date, TimeSpan.Zero);

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
