using System.Globalization;
using Azure;
using Azure.Data.Tables;
using FunnelAutomation.Azure.Storage;

namespace FunnelAutomation.Azure.Configuration;

/// <summary>Configuration documents in Azure Tables: PartitionKey = "{kind}:{id}"; version rows have
/// RowKey = "v" + (int.MaxValue − version) so the newest version is the first row (latest = top 1),
/// and the pointer row has RowKey = "active". Documents up to ~900 KB are split over columns.</summary>
public sealed class ConfigDocumentStore : IConfigDocumentStore
{
    public const string ActiveRowKey = "active";
    private const int MaxAttempts = 20;

    private readonly TableClient _table;

    public ConfigDocumentStore(TableClient table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _table = table;
    }

    public async Task<ConfigDocumentVersion> AddVersionAsync(string kind, string id, string json, DateTimeOffset at, string? author = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        var partition = Partition(kind, id);
        for (var attempt = 0; ; attempt++)
        {
            var latest = await LatestVersionAsync(partition, cancellationToken).ConfigureAwait(false);
            var document = new ConfigDocumentVersion(kind, id, latest + 1, json, at, author);
            var entity = new TableEntity(partition, VersionRowKey(document.Version))
            {
                ["Kind"] = kind,
                ["DocumentId"] = id,
                ["Version"] = document.Version,
                ["CreatedAt"] = at,
                ["Author"] = author,
            };
            LargeColumns.Write(entity, "Json", json);
            LargeColumns.RemoveNulls(entity);
            LargeColumns.EnsureFits(entity, $"Configuration document {kind}/{id}");
            try
            {
                // Add, never upsert: a version row is immutable, and a racing writer takes the next number.
                await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                return document;
            }
            catch (RequestFailedException ex) when (ex.IsConflict() && attempt < MaxAttempts)
            {
                await TableStatus.BackoffAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<ConfigDocumentVersion?> GetVersionAsync(string kind, string id, int version, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(kind, id), VersionRowKey(version), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } entity ? ToVersion(entity) : null;
    }

    public async Task<IReadOnlyList<ConfigDocumentVersion>> ListVersionsAsync(string kind, string id, CancellationToken cancellationToken = default)
    {
        var partition = Partition(kind, id);
        var versions = new List<ConfigDocumentVersion>();
        var query = _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {"v"} and RowKey lt {"w"}"),
            cancellationToken: cancellationToken);
        await foreach (var entity in query.ConfigureAwait(false))
        {
            versions.Add(ToVersion(entity));
        }

        return versions.OrderByDescending(v => v.Version).ToList();
    }

    public async Task<ActiveConfigPointer> ActivateAsync(string kind, string id, int version, DateTimeOffset at, string? activatedBy = null, CancellationToken cancellationToken = default)
    {
        var partition = Partition(kind, id);
        var exists = await _table.GetEntityIfExistsAsync<TableEntity>(partition, VersionRowKey(version), ["Version"], cancellationToken).ConfigureAwait(false);
        if (!exists.HasValue)
        {
            throw new KeyNotFoundException($"Configuration document {kind}/{id} has no version {version}.");
        }

        var entity = new TableEntity(partition, ActiveRowKey)
        {
            ["Kind"] = kind,
            ["DocumentId"] = id,
            ["Version"] = version,
            ["ActivatedAt"] = at,
            ["ActivatedBy"] = activatedBy,
        };
        LargeColumns.RemoveNulls(entity);
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return new ActiveConfigPointer(kind, id, version, at, activatedBy);
    }

    public async Task<ActiveConfigPointer?> GetActivePointerAsync(string kind, string id, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(kind, id), ActiveRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } entity ? ToPointer(entity) : null;
    }

    public async Task<ConfigDocumentVersion?> GetActiveAsync(string kind, string id, CancellationToken cancellationToken = default)
    {
        var pointer = await GetActivePointerAsync(kind, id, cancellationToken).ConfigureAwait(false);
        return pointer is null ? null : await GetVersionAsync(kind, id, pointer.Version, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ConfigDocumentVersion>> ListActiveAsync(string kind, CancellationToken cancellationToken = default)
    {
        // Partitions of one kind share the prefix "{kind}:"; ';' is the next character after ':'.
        var from = TableKeys.Encode(kind) + ":";
        var to = TableKeys.Encode(kind) + ";";
        var pointers = new List<ActiveConfigPointer>();
        var query = _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to} and RowKey eq {ActiveRowKey}"),
            cancellationToken: cancellationToken);
        await foreach (var entity in query.ConfigureAwait(false))
        {
            pointers.Add(ToPointer(entity));
        }

        var documents = new List<ConfigDocumentVersion>();
        foreach (var pointer in pointers)
        {
            if (await GetVersionAsync(pointer.Kind, pointer.Id, pointer.Version, cancellationToken).ConfigureAwait(false) is { } document)
            {
                documents.Add(document);
            }
        }

        return documents;
    }

    private async Task<int> LatestVersionAsync(string partition, CancellationToken cancellationToken)
    {
        var query = _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {"v"} and RowKey lt {"w"}"),
            maxPerPage: 1,
            select: ["Version"],
            cancellationToken: cancellationToken);
        await foreach (var entity in query.ConfigureAwait(false))
        {
            return entity.GetInt32("Version") ?? 0;
        }

        return 0;
    }

    private static string Partition(string kind, string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (kind.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("A document kind may not contain ':'.", nameof(kind));
        }

        return TableKeys.Encode(kind) + ":" + TableKeys.Encode(id);
    }

    private static string VersionRowKey(int version)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        return "v" + (int.MaxValue - version).ToString("D10", CultureInfo.InvariantCulture);
    }

    private static ConfigDocumentVersion ToVersion(TableEntity entity) => new(
        entity.GetString("Kind"),
        entity.GetString("DocumentId"),
        entity.GetInt32("Version") ?? 0,
        LargeColumns.Read(entity, "Json") ?? string.Empty,
        entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        entity.GetString("Author"));

    private static ActiveConfigPointer ToPointer(TableEntity entity) => new(
        entity.GetString("Kind"),
        entity.GetString("DocumentId"),
        entity.GetInt32("Version") ?? 0,
        entity.GetDateTimeOffset("ActivatedAt") ?? DateTimeOffset.MinValue,
        entity.GetString("ActivatedBy"));
}
