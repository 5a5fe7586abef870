using Azure;
using Azure.Data.Tables;
using FunnelAutomation.Azure.Storage;

namespace FunnelAutomation.Azure.Idempotency;

/// <summary>Idempotency records in Azure Tables: PartitionKey = the key (escaped, or hashed when long),
/// RowKey = "record". One partition per key: lookups are point reads and load spreads over all partitions.</summary>
public sealed class IdempotencyStore : IIdempotencyStore
{
    public const string RowKey = "record";
    private const string Pending = "pending";
    private const string Done = "done";
    private const int MaxAttempts = 5;

    private readonly TableClient _table;

    public IdempotencyStore(TableClient table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _table = table;
    }

    public async Task<bool> TryInsertAsync(string key, string outcome, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        try
        {
            await _table.AddEntityAsync(ToEntity(key, Done, outcome, at, leaseUntil: null), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            return false;
        }
    }

    public async Task<IdempotencyRecord?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var entity = await ReadAsync(key, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : ToRecord(entity);
    }

    public async Task<IdempotencyClaim> TryClaimAsync(string key, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var leaseUntil = now + lease;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var added = await _table.AddEntityAsync(ToEntity(key, Pending, null, now, leaseUntil), cancellationToken).ConfigureAwait(false);
                return new IdempotencyClaim(key, IdempotencyClaimStatus.Claimed, added.Headers.ETag?.ToString(), null, leaseUntil);
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                // Exists: done, held by someone else, or an abandoned claim to take over.
            }

            var existing = await ReadAsync(key, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                continue; // released between our insert and read
            }

            var record = ToRecord(existing);
            if (record.Completed)
            {
                return new IdempotencyClaim(key, IdempotencyClaimStatus.Completed, existing.ETag.ToString(), record.Outcome, null);
            }

            if (record.LeaseUntil is { } held && held > now)
            {
                return new IdempotencyClaim(key, IdempotencyClaimStatus.InProgress, existing.ETag.ToString(), null, held);
            }

            try
            {
                var taken = await _table.UpdateEntityAsync(ToEntity(key, Pending, null, now, leaseUntil), existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return new IdempotencyClaim(key, IdempotencyClaimStatus.Claimed, taken.Headers.ETag?.ToString(), null, leaseUntil, TookOver: true);
            }
            catch (RequestFailedException ex) when ((ex.IsPreconditionFailed() || ex.IsNotFound()) && attempt < MaxAttempts)
            {
                // Another worker took it over first; look again.
            }
        }
    }

    public Task CompleteAsync(string key, string outcome, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        _table.UpsertEntityAsync(ToEntity(key, Done, outcome, at, leaseUntil: null), TableUpdateMode.Replace, cancellationToken);

    public async Task ReleaseAsync(IdempotencyClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (claim.Status != IdempotencyClaimStatus.Claimed || claim.ETag is null)
        {
            return;
        }

        try
        {
            await _table.DeleteEntityAsync(Partition(claim.Key), RowKey, new ETag(claim.ETag), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.IsPreconditionFailed())
        {
            // Someone else holds or completed it now: theirs to keep.
        }
    }

    private async Task<TableEntity?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(key), RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    private static TableEntity ToEntity(string key, string state, string? outcome, DateTimeOffset at, DateTimeOffset? leaseUntil)
    {
        var entity = new TableEntity(Partition(key), RowKey)
        {
            ["Key"] = key,
            ["State"] = state,
            ["Outcome"] = outcome,
            ["At"] = at,
            ["LeaseUntil"] = leaseUntil,
        };
        LargeColumns.RemoveNulls(entity);
        LargeColumns.EnsureFits(entity, $"Idempotency record {key}");
        return entity;
    }

    private static IdempotencyRecord ToRecord(TableEntity entity) => new(
        entity.GetRequiredString("Key"),
        entity.GetString("State") == Done,
        entity.GetString("Outcome"),
        entity.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
        entity.GetDateTimeOffset("LeaseUntil"));

    /// <summary>GDPR erase: deletes the records whose key begins with one of <paramref name="prefixes"/> (effect
    /// keys start with the lead id, or a namespace and the lead id), so a person who signs up again is a new
    /// journey, not one whose emails count as sent. Returns how many were deleted.</summary>
    public async Task<int> DeleteByPrefixesAsync(IEnumerable<string> prefixes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        var deleted = 0;
        foreach (var prefix in prefixes)
        {
            var from = Partition(prefix);
            var to = from[..^1] + (char)(from[^1] + 1);
            await foreach (var entity in _table.QueryAsync<TableEntity>(e => e.PartitionKey.CompareTo(from) >= 0 && e.PartitionKey.CompareTo(to) < 0, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                await _table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
                deleted++;
            }
        }

        return deleted;
    }

    private static string Partition(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return TableKeys.Encode(key);
    }
}
