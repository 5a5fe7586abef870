using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using FunnelAutomation.Application.Leads.Import;
using FunnelAutomation.Azure.Storage;

namespace FunnelAutomation.Azure.Leads;

/// <summary>Imports in one table, one partition per import (PartitionKey = import id): the head "h", one report row
/// per CSV row "r{row:D10}" (ascending keys = row order, so the report streams in order), one marker per processed
/// batch "b{batchId}". Report rows of a batch are one entity-group transaction (upserts: a retried write is the same
/// write); a marker is an upsert, so a redelivered batch is counted once.</summary>
public sealed class LeadImportTableStore(TableClient table) : ILeadImportStore
{
    private const string Head = "h";
    private const string ReportPrefix = "r";
    private const string BatchPrefix = "b";

    private readonly TableClient _table = table ?? throw new ArgumentNullException(nameof(table));

    public Task SaveAsync(LeadImport import, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(import);
        var entity = new TableEntity(import.ImportId, Head)
        {
            ["Status"] = import.Status,
            ["Received"] = import.Received,
            ["Accepted"] = import.Accepted,
            ["Rejected"] = import.Rejected,
            ["StartedAt"] = import.StartedAt,
            ["ReceivedAt"] = import.ReceivedAt,
            ["Error"] = import.Error,
        };
        return _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task WriteReportAsync(string importId, IReadOnlyList<LeadImportRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        if (rows.Count > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), rows.Count, "A table transaction holds at most 100 entities.");
        }

        await _table.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(importId, ReportKey(r.Row))
        {
            ["Email"] = r.Email,
            ["Status"] = r.Status,
            ["LeadId"] = r.LeadId,
            ["Errors"] = r.Errors.Count == 0 ? null : StorageJson.Serialize(r.Errors),
        })), cancellationToken).ConfigureAwait(false);
    }

    public Task MarkProcessedAsync(string importId, string batchId, int rows, DateTimeOffset at, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(new TableEntity(importId, BatchPrefix + batchId) { ["Rows"] = rows, ["ProcessedAt"] = at }, TableUpdateMode.Replace, cancellationToken);

    public async Task<LeadImportProgress?> GetAsync(string importId, CancellationToken cancellationToken)
    {
        var head = await _table.GetEntityIfExistsAsync<TableEntity>(importId, Head, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!head.HasValue || head.Value is not { } h)
        {
            return null;
        }

        var processed = 0;
        DateTimeOffset? last = null;
        await foreach (var marker in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {importId} and RowKey ge {BatchPrefix} and RowKey lt {"c"}"),
            select: ["Rows", "ProcessedAt"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            processed += marker.GetInt32("Rows") ?? 0;
            var at = marker.GetDateTimeOffset("ProcessedAt");
            last = last is null || at > last ? at : last;
        }

        var import = new LeadImport(importId, h.GetRequiredString("Status"), h.GetInt32("Received") ?? 0, h.GetInt32("Accepted") ?? 0, h.GetInt32("Rejected") ?? 0,
            h.GetDateTimeOffset("StartedAt") ?? default)
        {
            ReceivedAt = h.GetDateTimeOffset("ReceivedAt"),
            Error = h.GetString("Error"),
        };
        return LeadImportProgress.Of(import, processed, last);
    }

    public async IAsyncEnumerable<LeadImportRow> ReadReportAsync(string importId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {importId} and RowKey ge {ReportPrefix} and RowKey lt {"s"}"),
            maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var errors = row.GetString("Errors") is { } json ? StorageJson.Deserialize<List<LeadImportFieldError>>(json) : [];
            yield return new LeadImportRow(int.Parse(row.RowKey.AsSpan(ReportPrefix.Length), CultureInfo.InvariantCulture), row.GetString("Email"), row.GetRequiredString("Status"), row.GetString("LeadId"), errors);
        }
    }

    private static string ReportKey(int row) => ReportPrefix + row.ToString("D10", CultureInfo.InvariantCulture);
}
