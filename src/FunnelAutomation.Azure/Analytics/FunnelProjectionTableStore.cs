using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using FunnelAutomation.Application.Analytics;
using FunnelAutomation.Azure.Storage;
using FunnelAutomation.Core.Analytics;

namespace FunnelAutomation.Azure.Analytics;

/// <summary>The funnel projection in Azure Tables (see README "Funnel analytics"):
/// <list type="bullet">
/// <item>FunnelBuckets: PK <c>{pipeline}|{yyyy-MM}</c>, RK = hash of the dimensions and a shard; counters as JSON.
/// A change is an appended delta row, folded into the sums now and then (<see cref="CounterDeltas{T}"/>). A report
/// reads one partition per month and sums its rows.</item>
/// <item>FunnelOpenLeads: PK <c>{pipeline}|{shard 00..07}</c> (shard = hash of the lead id), RK = lead id;
/// newest lead version wins (ETag). A report reads the 8 partitions in parallel.</item>
/// <item>FunnelSequences: PK = sequence id, RK = step id (plus <c>~v~</c>variant id for an A/B variant) and a shard;
/// Int64 counters, changed by appended deltas like the buckets.</item>
/// <item>FunnelEmailTouches: PK = lead id, RK = sequence id; the last email of each sequence (and its variant).</item>
/// <item>FunnelVariantSwitches: PK = sequence id, RK = step id; an A/B test's winner, inserted once (a second insert
/// conflicts and the first stays).</item>
/// </list></summary>
public sealed partial class FunnelProjectionTableStore : IFunnelProjectionStore
{
    public const int OpenLeadShards = 8;

    private const int MaxAttempts = 60;
    private const char Separator = '|';

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string[] SequenceColumns = ["Sent", "Delivered", "Opened", "Clicked", "Replied", "Unsubscribed", "Conversions"];

    private readonly TableClient _buckets;
    private readonly TableClient _open;
    private readonly TableClient _sequences;
    private readonly TableClient _touches;
    private readonly TableClient _switches;
    private readonly CounterDeltas<FunnelBucket> _bucketDeltas;
    private readonly CounterDeltas<SequenceStepCounters> _sequenceDeltas;

    public FunnelProjectionTableStore(TableServiceClient service, StorageNames names)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(names);
        _buckets = service.GetTableClient(names.Table("FunnelBuckets"));
        _open = service.GetTableClient(names.Table("FunnelOpenLeads"));
        _sequences = service.GetTableClient(names.Table("FunnelSequences"));
        _touches = service.GetTableClient(names.Table("FunnelEmailTouches"));
        _switches = service.GetTableClient(names.Table("FunnelVariantSwitches"));
        _bucketDeltas = new CounterDeltas<FunnelBucket>(_buckets, ToBucket, Plus, (bucket, row) => ToEntity(bucket.Key, bucket.Counters, row));
        _sequenceDeltas = new CounterDeltas<SequenceStepCounters>(_sequences, ToSequenceCounters, (a, b) => a.Plus(b), ToEntity);
    }

    public FunnelProjectionTableStore(string connectionString, string namePrefix = "")
        : this(new TableServiceClient(connectionString), new StorageNames(namePrefix))
    {
    }

    public IReadOnlyList<string> Tables => [_buckets.Name, _open.Name, _sequences.Name, _touches.Name, _switches.Name];

    /// <summary>Creates the five tables (call once at start-up, like <see cref="FunnelStorage.InitializeAsync"/>).</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        foreach (var table in new[] { _buckets, _open, _sequences, _touches, _switches })
        {
            await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public static string BucketPartition(string pipelineId, CohortMonth month) =>
        TableKeys.Encode(pipelineId) + Separator + month.ToString();

    /// <summary>Row key of a bucket: a hash of its dimensions (any text, any length, fixed-size key).</summary>
    public static string BucketRow(FunnelBucketKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        // Length-prefixed parts, so ("a|b", "") and ("a", "b|") never collide.
        var text = string.Join('\n', new[] { key.Source, key.OwnerRepId, key.Team, key.Grade }
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Length}:{p}")));
        return TableKeys.Sha256Hex(text)[..32];
    }

    /// <summary>Folds up to one transaction's worth of a bucket partition's deltas into its sum rows (see
    /// <see cref="CounterDeltas{T}"/>); changes fold their partitions themselves now and then.</summary>
    internal Task<int> FoldBucketsAsync(string pipelineId, CohortMonth month, CancellationToken cancellationToken) =>
        _bucketDeltas.FoldAsync(BucketPartition(pipelineId, month), cancellationToken);

    internal Task<int> FoldSequenceAsync(string sequenceId, CancellationToken cancellationToken) =>
        _sequenceDeltas.FoldAsync(TableKeys.Encode(sequenceId), cancellationToken);

    public static string OpenPartition(string pipelineId, string leadId) =>
        string.Create(CultureInfo.InvariantCulture, $"{TableKeys.Encode(pipelineId)}{Separator}{TableKeys.Bucket(leadId, OpenLeadShards):D2}");

    public async Task ApplyBucketDeltasAsync(IReadOnlyList<FunnelBucket> deltas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        await Parallel.ForEachAsync(
            deltas,
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (delta, ct) => await ApplyBucketDeltaAsync(delta, ct).ConfigureAwait(false)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<FunnelBucket>> ReadBucketsAsync(string pipelineId, CohortMonth fromMonth, CohortMonth toMonth, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(pipelineId);
        var months = await Task.WhenAll(CohortMonth.Range(fromMonth, toMonth).Select(async month =>
        {
            var rows = new List<FunnelBucket>();
            var partition = BucketPartition(pipelineId, month);
            await foreach (var entity in _buckets.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rows.Add(ToBucket(entity));
            }

            return rows;
        })).ConfigureAwait(false);
        // Sum the shard rows of each bucket.
        var buckets = new Dictionary<FunnelBucketKey, FunnelCounters>();
        foreach (var shard in months.SelectMany(m => m))
        {
            if (buckets.TryGetValue(shard.Key, out var sum))
            {
                sum.Add(shard.Counters);
            }
            else
            {
                buckets[shard.Key] = shard.Counters;
            }
        }

        return [.. buckets.Where(b => !b.Value.Compact().IsZero).Select(b => new FunnelBucket(b.Key, b.Value))];
    }

    public async Task UpsertOpenLeadsAsync(IReadOnlyList<OpenLeadRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 1)
        {
            await UpsertOpenLeadAsync(rows[0], cancellationToken).ConfigureAwait(false);
            return;
        }

        // Bulk path (rebuilds): insert-only transactions per partition; a chunk that meets an existing row
        // falls back to the per-row newest-wins path.
        var chunks = rows
            .GroupBy(r => OpenPartition(r.PipelineId, r.LeadId), StringComparer.Ordinal)
            .SelectMany(g => g.DistinctBy(r => r.LeadId).Chunk(100))
            .ToList();
        await Parallel.ForEachAsync(
            chunks,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (chunk, ct) =>
            {
                try
                {
                    await _open.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(r))), ct).ConfigureAwait(false);
                }
                catch (TableTransactionFailedException)
                {
                    foreach (var row in chunk)
                    {
                        await UpsertOpenLeadAsync(row, ct).ConfigureAwait(false);
                    }
                }
            }).ConfigureAwait(false);
    }

    public Task DeleteOpenLeadAsync(OpenLeadKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ReadModifyWriteAsync(
            _open,
            OpenPartition(key.PipelineId, key.LeadId),
            TableKeys.Encode(key.LeadId),
            current => current is not null && ReadVersion(current) <= key.Version ? Write.Delete : Write.None(),
            cancellationToken);
    }

    public async Task<IReadOnlyList<OpenLeadRow>> ListOpenLeadsAsync(string pipelineId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(pipelineId);
        var shards = await Task.WhenAll(Enumerable.Range(0, OpenLeadShards).Select(async shard =>
        {
            var partition = string.Create(CultureInfo.InvariantCulture, $"{TableKeys.Encode(pipelineId)}{Separator}{shard:D2}");
            var rows = new List<OpenLeadRow>();
            await foreach (var entity in _open.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rows.Add(ToOpenRow(entity));
            }

            return rows;
        })).ConfigureAwait(false);
        return shards.SelectMany(s => s).ToList();
    }

    public Task IncrementSequenceCountersAsync(SequenceStepCounters delta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delta);
        // '~' never survives Encode, so "~v~" cannot be part of a step id: a variant row cannot collide with a step's.
        var row = TableKeys.Encode(delta.StepId) + (delta.VariantId is { } variant ? "~v~" + TableKeys.Encode(variant) : string.Empty);
        return _sequenceDeltas.AddAsync(ToEntity(delta, CounterDeltas<SequenceStepCounters>.DeltaRowKey(row)), cancellationToken);
    }

    public async Task<IReadOnlyList<SequenceStepCounters>> ListSequenceCountersAsync(string? sequenceId, CancellationToken cancellationToken)
    {
        var query = sequenceId is null
            ? _sequences.QueryAsync<TableEntity>(cancellationToken: cancellationToken)
            : _sequences.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(sequenceId)}"), cancellationToken: cancellationToken);
        var steps = new Dictionary<(string, string, string?), SequenceStepCounters>();
        await foreach (var entity in query.ConfigureAwait(false))
        {
            var shard = ToSequenceCounters(entity);
            var key = (shard.SequenceId, shard.StepId, shard.VariantId);
            steps[key] = steps.TryGetValue(key, out var sum) ? sum.Plus(shard) : shard;
        }

        return [.. steps.Values];
    }

    public Task RecordEmailTouchAsync(EmailTouch touch, bool leadIsNew, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(touch);
        return ReadModifyWriteAsync(
            _touches,
            TableKeys.Encode(touch.LeadId),
            TableKeys.Encode(touch.SequenceId),
            current => current?.GetDateTimeOffset("SentAt") > touch.SentAt
                ? Write.None()
                : Write.Put(new TableEntity(TableKeys.Encode(touch.LeadId), TableKeys.Encode(touch.SequenceId))
                {
                    ["LeadId"] = touch.LeadId,
                    ["SequenceId"] = touch.SequenceId,
                    ["StepId"] = touch.StepId,
                    ["SentAt"] = touch.SentAt,
                    ["ConvertedAt"] = touch.ConvertedAt,
                    ["VariantId"] = touch.VariantId,
                    ["RepliedAt"] = touch.RepliedAt,
                }),
            cancellationToken,
            insertFirst: leadIsNew);
    }

    public async Task<IReadOnlyList<EmailTouch>> ListEmailTouchesAsync(string leadId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        var result = new List<EmailTouch>();
        await foreach (var entity in _touches.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(leadId)}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            result.Add(new EmailTouch(
                entity.GetRequiredString("LeadId"),
                entity.GetRequiredString("SequenceId"),
                entity.GetRequiredString("StepId"),
                entity.GetDateTimeOffset("SentAt") ?? throw new InvalidOperationException($"Row {entity.PartitionKey}/{entity.RowKey} has no 'SentAt' column."),
                entity.GetDateTimeOffset("ConvertedAt"),
                entity.GetString("VariantId"),
                entity.GetDateTimeOffset("RepliedAt")));
        }

        return result;
    }

    public async Task<VariantSwitch> RecordVariantSwitchAsync(VariantSwitch proposed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        var entity = new TableEntity(TableKeys.Encode(proposed.SequenceId), TableKeys.Encode(proposed.StepId))
        {
            ["SequenceId"] = proposed.SequenceId,
            ["StepId"] = proposed.StepId,
            ["Switch"] = JsonSerializer.Serialize(proposed, Json),
        };
        try
        {
            await _switches.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return proposed;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Another host stored its decision first: that one stands.
            var stored = await _switches.GetEntityAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            return ToSwitch(stored.Value);
        }
    }

    public async Task<IReadOnlyList<VariantSwitch>> ListVariantSwitchesAsync(string? sequenceId, CancellationToken cancellationToken)
    {
        var query = sequenceId is null
            ? _switches.QueryAsync<TableEntity>(cancellationToken: cancellationToken)
            : _switches.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(sequenceId)}"), cancellationToken: cancellationToken);
        var result = new List<VariantSwitch>();
        await foreach (var entity in query.ConfigureAwait(false))
        {
            result.Add(ToSwitch(entity));
        }

        return result;
    }

    public async Task ClearFunnelAsync(CancellationToken cancellationToken)
    {
        foreach (var table in new[] { _buckets, _open })
        {
            var keys = new List<(string PartitionKey, string RowKey)>();
            await foreach (var entity in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                keys.Add((entity.PartitionKey, entity.RowKey));
            }

            foreach (var partition in keys.GroupBy(k => k.PartitionKey, StringComparer.Ordinal))
            {
                await PartitionDeleter.DeleteAsync(table, partition.Key, partition.Select(k => k.RowKey).ToList(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private Task ApplyBucketDeltaAsync(FunnelBucket delta, CancellationToken cancellationToken) =>
        _bucketDeltas.AddAsync(ToEntity(delta.Key, delta.Counters, CounterDeltas<FunnelBucket>.DeltaRowKey(BucketRow(delta.Key))), cancellationToken);

    /// <summary>A sum of two rows of one bucket. A sum may go negative in one row (a lead counted in one row leaves
    /// through another) and a row at zero is kept: only the sum over a bucket's rows means anything, and readers skip
    /// buckets that sum to zero.</summary>
    private static FunnelBucket Plus(FunnelBucket a, FunnelBucket b)
    {
        var counters = new FunnelCounters();
        counters.Add(a.Counters);
        counters.Add(b.Counters);
        return new FunnelBucket(a.Key, counters.Compact());
    }

    public Task InsertOpenLeadAsync(OpenLeadRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        return UpsertOpenLeadAsync(row, cancellationToken, insertFirst: true);
    }

    private Task UpsertOpenLeadAsync(OpenLeadRow row, CancellationToken cancellationToken, bool insertFirst = false) =>
        ReadModifyWriteAsync(
            _open,
            OpenPartition(row.PipelineId, row.LeadId),
            TableKeys.Encode(row.LeadId),
            current => current is not null && ReadVersion(current) > row.Version ? Write.None() : Write.Put(ToEntity(row)),
            cancellationToken,
            insertFirst);

    /// <summary>Reads the row with its ETag, decides, and writes conditionally (insert when absent, If-Match
    /// replace or delete otherwise); a concurrent writer (409/412, or 404 when it deleted the row) makes
    /// it re-read and decide again. <paramref name="insertFirst"/>: the row is most likely absent, so the first
    /// attempt decides on no row and inserts without reading (a row there after all is a conflict: read, decide).</summary>
    private static async Task ReadModifyWriteAsync(TableClient table, string partitionKey, string rowKey, Func<TableEntity?, Write> decide, CancellationToken cancellationToken, bool insertFirst = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            TableEntity? current = null;
            if (!(insertFirst && attempt == 1))
            {
                var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
                current = response.HasValue ? response.Value : null;
            }

            var write = decide(current);
            try
            {
                switch (write.Kind)
                {
                    case WriteKind.Put when current is null:
                        await table.AddEntityAsync(write.Entity!, cancellationToken).ConfigureAwait(false);
                        break;
                    case WriteKind.Put:
                        await table.UpdateEntityAsync(write.Entity!, current.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                        break;
                    case WriteKind.Delete when current is not null:
                        await table.DeleteEntityAsync(partitionKey, rowKey, current.ETag, cancellationToken).ConfigureAwait(false);
                        break;
                }

                return;
            }
            catch (RequestFailedException ex) when ((ex.IsConflict() || ex.IsPreconditionFailed() || ex.IsNotFound()) && attempt < MaxAttempts)
            {
                // A row found where the insert guessed none is no contention: read it at once.
                if (!(insertFirst && attempt == 1))
                {
                    await TableStatus.BackoffAsync(attempt, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private enum WriteKind
    {
        None = 0,
        Put,
        Delete,
    }

    private readonly record struct Write(WriteKind Kind, TableEntity? Entity)
    {
        public static Write Delete => new(WriteKind.Delete, null);

        public static Write None() => new(WriteKind.None, null);

        public static Write Put(TableEntity entity) => new(WriteKind.Put, entity);
    }
}
