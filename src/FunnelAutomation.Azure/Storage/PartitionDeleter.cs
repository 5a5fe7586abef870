using Azure.Data.Tables;

namespace FunnelAutomation.Azure.Storage;

/// <summary>Deletes rows of one partition in transactions of up to 100 (the service's batch limit).</summary>
internal static class PartitionDeleter
{
    public static async Task DeleteAsync(TableClient table, string partitionKey, IReadOnlyList<string> rowKeys, CancellationToken cancellationToken)
    {
        foreach (var chunk in rowKeys.Chunk(100))
        {
            var operations = chunk.Select(rk => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partitionKey, rk)));
            await table.SubmitTransactionAsync(operations, cancellationToken).ConfigureAwait(false);
        }
    }
}
