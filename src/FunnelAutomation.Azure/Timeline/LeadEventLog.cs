using Azure;
using Azure.Data.Tables;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Azure.Storage;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Azure.Timeline;

/// <summary>Lead events in Azure Tables: PartitionKey = lead id (erasure deletes one partition), RowKey =
/// "e_{key}" (insert-if-absent: a retried command records its event once).</summary>
public sealed class LeadEventLog(TableClient table) : ILeadEventLog
{
    private const string RowPrefix = "e_";

    public async Task AppendAsync(LeadEvent leadEvent, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(Entity(leadEvent), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            // Recorded by an earlier run of the same command.
        }
    }

    /// <summary>One entity-group transaction for events of one lead (a lead's partition): one request instead of
    /// one per event. If one of them was recorded before, the transaction is refused whole, and they are added one
    /// by one.</summary>
    public async Task AppendAllAsync(IReadOnlyList<LeadEvent> leadEvents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leadEvents);
        var distinct = leadEvents.DistinctBy(e => (e.LeadId, e.Key)).ToList();
        if (distinct.Count < 2 || distinct.Count > 100 || distinct.Exists(e => e.LeadId != distinct[0].LeadId))
        {
            foreach (var leadEvent in distinct)
            {
                await AppendAsync(leadEvent, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        try
        {
            await table.SubmitTransactionAsync(distinct.Select(e => new TableTransactionAction(TableTransactionActionType.Add, Entity(e))), cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException ex) when (ex.IsConflict())
        {
            foreach (var leadEvent in distinct)
            {
                await AppendAsync(leadEvent, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static TableEntity Entity(LeadEvent leadEvent)
    {
        ArgumentNullException.ThrowIfNull(leadEvent);
        var entity = new TableEntity(Partition(leadEvent.LeadId), RowPrefix + TableKeys.Encode(leadEvent.Key))
        {
            ["Key"] = leadEvent.Key,
            ["Kind"] = leadEvent.Kind,
            ["At"] = leadEvent.At,
            ["Summary"] = leadEvent.Summary,
        };
        LargeColumns.Write(entity, "Details", StorageJson.Serialize(leadEvent.Details));
        LargeColumns.Write(entity, "Data", StorageJson.Serialize(leadEvent.Data));
        LargeColumns.EnsureFits(entity, $"Event {leadEvent.Key} of lead {leadEvent.LeadId}");
        return entity;
    }

    public async Task<IReadOnlyList<LeadEvent>> ListAsync(string leadId, CancellationToken cancellationToken)
    {
        var events = new List<LeadEvent>();
        await foreach (var entity in Query(leadId, select: null, cancellationToken).ConfigureAwait(false))
        {
            events.Add(new LeadEvent(leadId, entity.GetString("Key"), entity.GetString("Kind"), entity.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue, entity.GetString("Summary"))
            {
                Details = StorageJson.Deserialize<List<string>>(LargeColumns.Read(entity, "Details") ?? "[]"),
                Data = StorageJson.Deserialize<Dictionary<string, string>>(LargeColumns.Read(entity, "Data") ?? "{}"),
            });
        }

        return events.OrderBy(e => e.At).ToList();
    }

    /// <summary>Removes the lead's events (erasure); returns how many.</summary>
    public async Task<int> DeleteForLeadAsync(string leadId, CancellationToken cancellationToken = default)
    {
        var keys = new List<string>();
        await foreach (var entity in Query(leadId, ["RowKey"], cancellationToken).ConfigureAwait(false))
        {
            keys.Add(entity.RowKey);
        }

        await PartitionDeleter.DeleteAsync(table, Partition(leadId), keys, cancellationToken).ConfigureAwait(false);
        return keys.Count;
    }

    private AsyncPageable<TableEntity> Query(string leadId, IEnumerable<string>? select, CancellationToken cancellationToken) =>
        table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {Partition(leadId)} and RowKey ge {RowPrefix} and RowKey lt {"e`"}"),
            select: select,
            cancellationToken: cancellationToken);

    private static string Partition(string leadId)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        return TableKeys.Encode(leadId);
    }
}
