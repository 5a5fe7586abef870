using Azure.Data.Tables;

namespace FunnelAutomation.Azure.Storage;

internal static class TableEntityExtensions
{
    /// <summary>A column every row of this kind has; its absence means the row was not written by us.</summary>
    public static string GetRequiredString(this TableEntity entity, string name) =>
        entity.GetString(name)
        ?? throw new InvalidOperationException($"Row {entity.PartitionKey}/{entity.RowKey} has no '{name}' column.");
}
