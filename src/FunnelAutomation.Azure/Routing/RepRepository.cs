using Azure;
using Azure.Data.Tables;
using FunnelAutomation.Azure.Storage;
using FunnelAutomation.Core.Routing;

namespace FunnelAutomation.Azure.Routing;

/// <summary>Reps in Azure Tables: PartitionKey = "rep" (a roster of tens or hundreds of rows, read whole by
/// routing; it sees a handful of writes a day, so one partition is never hot), RowKey = rep id.</summary>
public sealed class RepRepository : Application.Ports.IRepStore
{
    public const string PartitionKey = "rep";

    private readonly TableClient _table;

    public RepRepository(TableClient table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _table = table;
    }

    public Task UpsertAsync(Rep rep, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rep);
        var entity = new TableEntity(PartitionKey, TableKeys.Encode(rep.Id))
        {
            ["RepId"] = rep.Id,
            ["Name"] = rep.Name,
            ["Email"] = rep.Email,
            ["Team"] = rep.Team,
            ["Active"] = rep.Active,
            ["Json"] = StorageJson.Serialize(rep),
        };
        LargeColumns.RemoveNulls(entity);
        LargeColumns.EnsureFits(entity, $"Rep {rep.Id}");
        return _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<Rep?> GetAsync(string repId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(repId);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionKey, TableKeys.Encode(repId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } entity ? FromEntity(entity) : null;
    }

    public async Task<IReadOnlyList<Rep>> ListAsync(CancellationToken cancellationToken = default)
    {
        var reps = new List<Rep>();
        var query = _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey}"), cancellationToken: cancellationToken);
        await foreach (var entity in query.ConfigureAwait(false))
        {
            reps.Add(FromEntity(entity));
        }

        return reps;
    }

    public async Task<bool> DeleteAsync(string repId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(repId);
        var response = await _table.DeleteEntityAsync(PartitionKey, TableKeys.Encode(repId), ETag.All, cancellationToken).ConfigureAwait(false);
        return response.Status != TableStatus.NotFound;
    }

    private static Rep FromEntity(TableEntity entity) => StorageJson.Deserialize<Rep>(entity.GetString("Json"));
}
