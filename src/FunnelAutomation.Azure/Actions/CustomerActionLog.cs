using Azure;
using Azure.Data.Tables;
using FunnelAutomation.Azure.Storage;
using FunnelAutomation.Core.Actions;

namespace FunnelAutomation.Azure.Actions;

/// <summary>Customer actions in Azure Tables, PartitionKey = lead id. Each action is two rows written in
/// one transaction: a marker "id_{actionId}" (makes the append idempotent: a second insert fails whole)
/// and the data row "t_{ticks}_{actionId}" (ascending row keys = chronological order).</summary>
public sealed class CustomerActionLog : Application.Ports.IActionStore
{
    Task<IReadOnlyList<CustomerAction>> Application.Ports.IActionStore.ListAsync(string leadId, CancellationToken cancellationToken) =>
        ListAsync(leadId, cancellationToken: cancellationToken);

    private const string MarkerPrefix = "id_";
    private const string TimePrefix = "t_";

    // A transaction holds at most 100 operations and 4 MiB; two operations per action.
    private const int MaxActionsPerTransaction = 50;
    private const long MaxTransactionBytes = 3_500_000;

    private readonly TableClient _table;

    public CustomerActionLog(TableClient table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _table = table;
    }

    public async Task<bool> AppendAsync(string leadId, CustomerAction action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            await _table.SubmitTransactionAsync(Operations(leadId, action), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.IsConflict())
        {
            return false;
        }
    }

    public async Task<int> AppendManyAsync(string leadId, IReadOnlyList<CustomerAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        // The same id twice in one transaction is a 400, not a 409: drop in-call duplicates first.
        var distinct = actions.DistinctBy(a => a.Id, StringComparer.Ordinal).ToList();
        var appended = 0;
        foreach (var chunk in Chunks(leadId, distinct))
        {
            try
            {
                await _table.SubmitTransactionAsync(chunk.SelectMany(c => c.Operations), cancellationToken).ConfigureAwait(false);
                appended += chunk.Count;
            }
            catch (TableTransactionFailedException ex) when (ex.IsConflict())
            {
                // Some were already recorded: the whole batch was rolled back, so add them one by one.
                foreach (var item in chunk)
                {
                    if (await AppendAsync(leadId, item.Action, cancellationToken).ConfigureAwait(false))
                    {
                        appended++;
                    }
                }
            }
        }

        return appended;
    }

    public async Task<IReadOnlyList<CustomerAction>> ListAsync(string leadId, DateTimeOffset? since = null, CancellationToken cancellationToken = default)
    {
        var partition = Partition(leadId);
        var from = since is { } s ? TimePrefix + TableKeys.Ticks(s) : TimePrefix;
        var actions = new List<CustomerAction>();
        var query = _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {"t`"}"),
            cancellationToken: cancellationToken);
        await foreach (var entity in query.ConfigureAwait(false))
        {
            actions.Add(StorageJson.Deserialize<CustomerAction>(LargeColumns.Read(entity, "Json") ?? "null"));
        }

        return actions;
    }

    public async Task<bool> ContainsAsync(string leadId, string actionId, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(leadId), MarkerKey(actionId), ["TimeRowKey"], cancellationToken).ConfigureAwait(false);
        return response.HasValue;
    }

    public async Task<int> DeleteAllAsync(string leadId, CancellationToken cancellationToken = default)
    {
        var partition = Partition(leadId);
        var keys = new List<string>();
        var query = _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"], cancellationToken: cancellationToken);
        await foreach (var entity in query.ConfigureAwait(false))
        {
            keys.Add(entity.RowKey);
        }

        await PartitionDeleter.DeleteAsync(_table, partition, keys, cancellationToken).ConfigureAwait(false);
        return keys.Count(k => k.StartsWith(TimePrefix, StringComparison.Ordinal));
    }

    private static List<TableTransactionAction> Operations(string leadId, CustomerAction action)
    {
        ArgumentException.ThrowIfNullOrEmpty(action.Id);
        var partition = Partition(leadId);
        var timeKey = TimePrefix + TableKeys.Ticks(action.OccurredAt) + "_" + TableKeys.Encode(action.Id);
        var marker = new TableEntity(partition, MarkerKey(action.Id)) { ["TimeRowKey"] = timeKey };
        var data = new TableEntity(partition, timeKey)
        {
            ["ActionId"] = action.Id,
            ["Type"] = action.Type,
            ["OccurredAt"] = action.OccurredAt,
        };
        LargeColumns.Write(data, "Json", StorageJson.Serialize(action));
        LargeColumns.EnsureFits(data, $"Customer action {action.Id}");
        return
        [
            new TableTransactionAction(TableTransactionActionType.Add, marker),
            new TableTransactionAction(TableTransactionActionType.Add, data),
        ];
    }

    private static IEnumerable<List<PendingAction>> Chunks(string leadId, List<CustomerAction> actions)
    {
        var chunk = new List<PendingAction>();
        long bytes = 0;
        foreach (var action in actions)
        {
            var operations = Operations(leadId, action);
            var size = operations.Sum(o => LargeColumns.EstimateBytes((TableEntity)o.Entity));
            if (chunk.Count > 0 && (chunk.Count == MaxActionsPerTransaction || bytes + size > MaxTransactionBytes))
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }

            chunk.Add(new PendingAction(action, operations));
            bytes += size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private static string MarkerKey(string actionId) => MarkerPrefix + TableKeys.Encode(actionId);

    private static string Partition(string leadId)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        return TableKeys.Encode(leadId);
    }

    private sealed record PendingAction(CustomerAction Action, List<TableTransactionAction> Operations);
}
