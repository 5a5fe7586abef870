using Azure;
using Azure.Data.Tables;
using FunnelAutomation.Azure.Storage;

namespace FunnelAutomation.Azure.Journeys;

/// <summary>Journey state in Azure Tables: PartitionKey = lead id (one partition per lead, like the lead
/// itself), RowKey = "journey". The state may be large (history of steps), so it is split over columns.</summary>
public sealed class JourneyStateStore : IJourneyStateStore
{
    public const string RowKey = "journey";

    private readonly TableClient _table;

    public JourneyStateStore(TableClient table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _table = table;
    }

    public async Task<StoredState?> GetAsync(string leadId, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(leadId), RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } entity
            ? new StoredState(LargeColumns.Read(entity, "State") ?? string.Empty, entity.ETag.ToString())
            : null;
    }

    public async Task<StateWriteResult> TryInsertAsync(string leadId, string stateJson, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await _table.AddEntityAsync(ToEntity(leadId, stateJson), cancellationToken).ConfigureAwait(false);
            return StateWriteResult.Success(response.Headers.ETag?.ToString() ?? string.Empty);
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            return StateWriteResult.Conflict;
        }
    }

    public async Task<StateWriteResult> TryReplaceAsync(string leadId, string stateJson, string etag, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(etag);
        try
        {
            var response = await _table.UpdateEntityAsync(ToEntity(leadId, stateJson), new ETag(etag), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return StateWriteResult.Success(response.Headers.ETag?.ToString() ?? string.Empty);
        }
        catch (RequestFailedException ex) when (ex.IsPreconditionFailed() || ex.IsNotFound())
        {
            return StateWriteResult.Conflict;
        }
    }

    public async Task<bool> DeleteAsync(string leadId, CancellationToken cancellationToken = default)
    {
        var response = await _table.DeleteEntityAsync(Partition(leadId), RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        return response.Status != TableStatus.NotFound;
    }

    private static TableEntity ToEntity(string leadId, string stateJson)
    {
        ArgumentNullException.ThrowIfNull(stateJson);
        var entity = new TableEntity(Partition(leadId), RowKey) { ["LeadId"] = leadId };
        LargeColumns.Write(entity, "State", stateJson);
        LargeColumns.EnsureFits(entity, $"Journey state of lead {leadId}");
        return entity;
    }

    private static string Partition(string leadId)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        return TableKeys.Encode(leadId);
    }
}
