using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Azure.Storage;
using FunnelAutomation.Core.Routing;

namespace FunnelAutomation.Azure.Adapters;

/// <summary>The routing state as one row read and replaced with its ETag: two hosts never hand out the
/// same round-robin turn. One row is a deliberate serialisation point — routing must see every previous
/// decision — and it is small, so a conflict costs one re-read.</summary>
public sealed class TableRoutingStateStore(TableClient table) : IRoutingStateStore
{
    private const string Partition = "routing";
    private const string Row = "state";

    public async Task<T> UpdateAsync<T>(Func<RoutingState, (RoutingState State, T Result)> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decide);
        for (var attempt = 0; ; attempt++)
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken).ConfigureAwait(false);
            var entity = response.HasValue ? response.Value : null;
            var current = entity is null ? RoutingState.Empty : Read(entity);
            var (next, result) = decide(current);
            if (ReferenceEquals(next, current))
            {
                return result;
            }

            var updated = new TableEntity(Partition, Row);
            LargeColumns.Write(updated, "StateJson", JsonSerializer.Serialize(next, StorageJson.Options));
            try
            {
                if (entity is null)
                {
                    await table.AddEntityAsync(updated, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await table.UpdateEntityAsync(updated, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }

                return result;
            }
            catch (RequestFailedException ex) when (ex.IsConflict() || ex.IsPreconditionFailed())
            {
                await TableStatus.BackoffAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static RoutingState Read(TableEntity entity) =>
        LargeColumns.Read(entity, "StateJson") is { } json
            ? JsonSerializer.Deserialize<RoutingState>(json, StorageJson.Options) ?? RoutingState.Empty
            : RoutingState.Empty;
}
