using Azure;
using Azure.Data.Tables;
using FunnelAutomation.Azure.Storage;

namespace FunnelAutomation.Azure.Analytics;

/// <summary>Additive counters kept as append-only delta rows next to their sum rows, folded into the sums now and
/// then. A change is one insert, whatever else writes the same counter at the time: a read-modify-write with ETag
/// retries cost 2.2 requests and more under a burst of leads (issue 14). Readers sum every row of a partition, so a
/// delta counts from the moment it is written, folded or not.
/// <para>A delta's row key is <c>~{sum row prefix}~{unique id}</c>: a sum row's key starts with an encoded id, and '~'
/// never survives <see cref="TableKeys.Encode"/>; the id has none, so the last '~' ends the prefix. A fold reads the partition and, in one
/// entity group transaction, adds a batch of deltas to their sum rows (<c>{prefix}-00</c>) and deletes them, each by
/// its ETag: two folds at once cannot both apply a delta, the second fails whole and changes nothing.</para></summary>
internal sealed class CounterDeltas<T>(
    TableClient table,
    Func<TableEntity, T> read,
    Func<T, T, T> plus,
    Func<T, string, TableEntity> write)
{
    /// <summary>About one change in this many folds its partition: the fold's two requests spread over the changes,
    /// and a partition keeps a few dozen unfolded deltas at most while it is written to.</summary>
    public const int FoldEvery = 16;

    /// <summary>A table transaction's limit.</summary>
    private const int MaxBatch = 100;

    private const char Marker = '~';

    /// <summary>The key of a new delta of the sum rows starting <paramref name="sumRowPrefix"/>.</summary>
    public static string DeltaRowKey(string sumRowPrefix) => Marker + sumRowPrefix + Marker + Guid.NewGuid().ToString("N");

    public static bool IsDelta(string rowKey) => rowKey.Length > 0 && rowKey[0] == Marker;

    /// <summary>Writes one delta (its key already unique), then folds its partition about once in
    /// <see cref="FoldEvery"/> changes.</summary>
    public async Task AddAsync(TableEntity delta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delta);
        try
        {
            await table.AddEntityAsync(delta, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            // The SDK retried an insert whose first attempt was stored: the key is this delta's alone.
        }

        if (Random.Shared.Next(FoldEvery) == 0)
        {
            await FoldAsync(delta.PartitionKey, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Folds up to one transaction's worth of the partition's deltas into their sum rows. Returns how many
    /// deltas it folded (0 when there were none, or another fold changed the rows first).</summary>
    public async Task<int> FoldAsync(string partitionKey, CancellationToken cancellationToken)
    {
        var sums = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        var deltas = new Dictionary<string, List<TableEntity>>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (IsDelta(entity.RowKey))
            {
                var prefix = entity.RowKey[1..entity.RowKey.LastIndexOf(Marker)];
                (deltas.TryGetValue(prefix, out var list) ? list : deltas[prefix] = []).Add(entity);
            }
            else
            {
                sums[entity.RowKey] = entity;
            }
        }

        var actions = new List<TableTransactionAction>();
        var folded = 0;
        foreach (var (prefix, rows) in deltas)
        {
            // The sum row and at least one delta must fit; a prefix's other deltas wait for the next fold.
            var room = MaxBatch - actions.Count - 1;
            if (room < 1)
            {
                break;
            }

            var taken = rows.Take(room).ToList();
            var sumKey = prefix + "-00";
            var stored = sums.GetValueOrDefault(sumKey);
            var total = taken.Select(read).Aggregate(plus);
            if (stored is not null)
            {
                total = plus(read(stored), total);
            }

            var sum = write(total, sumKey);
            actions.Add(stored is null
                ? new TableTransactionAction(TableTransactionActionType.Add, sum)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, sum, stored.ETag));
            actions.AddRange(taken.Select(d => new TableTransactionAction(TableTransactionActionType.Delete, d, d.ETag)));
            folded += taken.Count;
        }

        if (actions.Count == 0)
        {
            return 0;
        }

        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return folded;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return 0; // another fold took these deltas (or wrote the sum row) first; the next fold starts from its result
        }
    }
}
