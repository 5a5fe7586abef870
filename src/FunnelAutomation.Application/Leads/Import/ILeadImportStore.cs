namespace FunnelAutomation.Application.Leads.Import;

/// <summary>An import's head, its per-row report and which batches intake has processed.</summary>
public interface ILeadImportStore
{
    /// <summary>Writes (or replaces) the head.</summary>
    Task SaveAsync(LeadImport import, CancellationToken cancellationToken);

    /// <summary>Writes report rows of one import, at most <see cref="LeadImportOptions.MaxRowsPerWrite"/>, in one
    /// atomic write; writing the same rows again changes nothing.</summary>
    Task WriteReportAsync(string importId, IReadOnlyList<LeadImportRow> rows, CancellationToken cancellationToken);

    /// <summary>Records that a batch went through intake; recording it twice counts it once.</summary>
    Task MarkProcessedAsync(string importId, string batchId, int rows, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The head with the processed count, or null for an unknown import.</summary>
    Task<LeadImportProgress?> GetAsync(string importId, CancellationToken cancellationToken);

    /// <summary>The report rows in row order, read page by page.</summary>
    IAsyncEnumerable<LeadImportRow> ReadReportAsync(string importId, CancellationToken cancellationToken);
}

/// <summary>Queues a batch of accepted rows durably (the adapter may split one that does not fit a message).</summary>
public interface ILeadImportSender
{
    Task SendAsync(LeadImportBatch batch, CancellationToken cancellationToken);
}
