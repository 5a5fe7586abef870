using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using FunnelAutomation.Application.Http;
using FunnelAutomation.Application.Telemetry;
using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Leads;
using Microsoft.Extensions.Logging;

namespace FunnelAutomation.Application.Leads.Import;

/// <summary>Bulk import. <see cref="ReceiveAsync"/> reads a CSV as it arrives (header row with an "email" column,
/// delimiter detected), validates each row like a form post, and writes the rows in batches: the report rows as
/// one table transaction per batch, the accepted rows as one queue message per batch. What it holds is a few
/// batches, whatever the file's size. <see cref="ProcessAsync"/> runs a queued batch through intake.</summary>
public sealed partial class LeadImportService(
    ILeadImportStore store,
    ILeadImportSender sender,
    LeadIntakeService intake,
    LeadImportOptions options,
    TimeProvider time,
    ILogger<LeadImportService> logger)
{
    public const string FileField = "file";

    private int _uploads;

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>Uploads being read by this instance now.</summary>
    public int UploadsInProgress => Volatile.Read(ref _uploads);

    /// <summary>Reads and accepts an upload. A header that cannot be a lead CSV is a failure on "file" and stores
    /// nothing. An upload that breaks off later (too large, unreadable) ends as a failed import: the rows read
    /// before it stay accepted.</summary>
    public async Task<Result<LeadImportReceipt>> ReceiveAsync(Stream csv, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim,
            DetectDelimiter = true,
            BadDataFound = null,
            MaxFieldSize = options.MaxFieldChars,
        };
        using var text = new StreamReader(csv, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        using var parser = new CsvReader(text, config);
        string[] header;
        try
        {
            if (!await parser.ReadAsync().ConfigureAwait(false) || !parser.ReadHeader() || parser.HeaderRecord is not { Length: > 0 } read)
            {
                return Result<LeadImportReceipt>.Failure(FileField, "the CSV has no header row");
            }

            header = read;
        }
        catch (CsvHelperException ex)
        {
            return Result<LeadImportReceipt>.Failure(FileField, $"the CSV header could not be read: {ex.GetType().Name}");
        }
        catch (BodyTooLargeException ex)
        {
            return Result<LeadImportReceipt>.Failure(FileField, ex.Message);
        }

        if (HeaderErrors(header) is { Count: > 0 } errors)
        {
            return Result<LeadImportReceipt>.Failure(errors);
        }

        var import = new LeadImport(NewImportId(), LeadImportStatus.Receiving, 0, 0, 0, time.GetUtcNow());
        await store.SaveAsync(import, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _uploads);
        try
        {
            return await ReceiveRowsAsync(parser, header, import, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _uploads);
        }
    }

    private async Task<Result<LeadImportReceipt>> ReceiveRowsAsync(CsvReader parser, string[] header, LeadImport import, CancellationToken cancellationToken)
    {
        var writer = new BatchWriter(store, sender, options, import);
        var tooLarge = false;
        string? error = null;
        try
        {
            while (await parser.ReadAsync().ConfigureAwait(false))
            {
                await writer.AddAsync(Row(parser, header), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (BodyTooLargeException ex)
        {
            (tooLarge, error) = (true, $"the upload stopped at row {parser.Parser.Row}: {ex.Message}");
        }
        catch (CsvHelperException ex)
        {
            error = $"the CSV could not be read at row {ex.Context?.Parser?.Row}: {ex.GetType().Name}";
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // The client went away mid-upload: the rows read so far stay accepted, the import says it broke off.
            error = $"the upload broke off at row {parser.Parser.Row}: {ex.GetType().Name}";
            cancellationToken = CancellationToken.None;
        }

        var counts = await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        var finished = counts with
        {
            Status = error is null ? LeadImportStatus.Processing : LeadImportStatus.Failed,
            ReceivedAt = time.GetUtcNow(),
            Error = error,
        };
        await store.SaveAsync(finished, cancellationToken).ConfigureAwait(false);
        LogReceived(logger, finished.ImportId, finished.Accepted, finished.Rejected, finished.Status);
        return Result<LeadImportReceipt>.Success(new LeadImportReceipt(finished, tooLarge));
    }

    /// <summary>Runs each row of a queued batch through intake, then counts the batch as processed. Safe to run
    /// again for a redelivered batch, and a row imported again in a later upload of the same file: intake sees the
    /// same submission (an imported row's id is its fields) and changes nothing; the batch is counted once.</summary>
    public async Task ProcessAsync(LeadImportBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await Parallel.ForEachAsync(batch.Rows, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.RowConcurrency), CancellationToken = cancellationToken }, async (row, ct) =>
        {
            try
            {
                await intake.ProcessAsync(new LeadSubmitted($"{batch.ImportId}:{row.Row}", row.Fields, batch.ReceivedAt) { Imported = true }, ct).ConfigureAwait(false);
            }
            catch (InvalidInputException ex)
            {
                // Validated when accepted, so only a changed validator gets here: that row can never succeed, the others must not wait on it.
                LogRowRejected(logger, batch.ImportId, row.Row, string.Join("; ", ex.Errors));
            }
        }).ConfigureAwait(false);
        await store.MarkProcessedAsync(batch.ImportId, batch.BatchId, batch.Rows.Count, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    public Task<LeadImportProgress?> GetAsync(string importId, CancellationToken cancellationToken) =>
        IsImportId(importId) ? store.GetAsync(importId, cancellationToken) : Task.FromResult<LeadImportProgress?>(null);

    public IAsyncEnumerable<LeadImportRow> ReadReportAsync(string importId, CancellationToken cancellationToken) => store.ReadReportAsync(importId, cancellationToken);

    public static bool IsImportId(string? id) => id is { Length: 36 } && id.StartsWith("imp_", StringComparison.Ordinal) && !id.AsSpan(4).ContainsAnyExcept(HexDigits);

    /// <summary>What makes a header unusable, each naming the column.</summary>
    internal static List<ValidationError> HeaderErrors(string[] header)
    {
        var errors = new List<ValidationError>();
        if (!header.Contains(LeadFields.Email, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add(new ValidationError(FileField, $"the CSV header has no \"{LeadFields.Email}\" column (columns: {string.Join(", ", header.Select(h => $"\"{h}\""))})"));
        }

        for (var i = 0; i < header.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(header[i]))
            {
                errors.Add(new ValidationError(FileField, $"column {i + 1} of the CSV header has no name"));
            }
            else if (Array.FindIndex(header, h => string.Equals(h, header[i], StringComparison.OrdinalIgnoreCase)) < i)
            {
                errors.Add(new ValidationError(FileField, $"the CSV header names column \"{header[i]}\" twice"));
            }
        }

        return errors;
    }

    private static string NewImportId() => "imp_" + Guid.NewGuid().ToString("N");

    private static (int Row, Dictionary<string, string?> Fields) Row(CsvReader parser, string[] header)
    {
        var fields = new Dictionary<string, string?>(header.Length + 1, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            fields[header[i]] = parser.TryGetField<string>(i, out var value) ? value : null;
        }

        fields.TryAdd(LeadFields.Source, "import");
        return (parser.Parser.Row, fields);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {ImportId} received: {Accepted} accepted, {Rejected} rejected, {Status}")]
    private static partial void LogReceived(ILogger logger, string importId, int accepted, int rejected, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import {ImportId}: row {Row} refused by intake ({Reasons})")]
    private static partial void LogRowRejected(ILogger logger, string importId, int row, string reasons);

    /// <summary>Collects rows into batches and writes each (report transaction and queue message at once) while
    /// the next is read, at most <see cref="LeadImportOptions.WritesInFlight"/> at a time.</summary>
    private sealed class BatchWriter(ILeadImportStore store, ILeadImportSender sender, LeadImportOptions options, LeadImport import)
    {
        private const int HeadEvery = 10; // batches between progress saves of the head during the upload

        private readonly List<Task> _writes = [];
        private List<LeadImportRow> _report = [];
        private List<LeadImportBatchRow> _accepted = [];
        private int _batches;
        private readonly (string Id, DateTimeOffset StartedAt) _import = (import.ImportId, import.StartedAt);
        private LeadImport _counts = import;

        public async Task AddAsync((int Row, Dictionary<string, string?> Fields) row, CancellationToken cancellationToken)
        {
            var validated = LeadIntakeService.Validate(row.Fields);
            var email = row.Fields.GetValueOrDefault(LeadFields.Email);
            if (validated.IsSuccess)
            {
                _report.Add(new LeadImportRow(row.Row, email, LeadImportRow.Accepted, validated.Value, []));
                _accepted.Add(new LeadImportBatchRow(row.Row, row.Fields));
                _counts = _counts with { Received = _counts.Received + 1, Accepted = _counts.Accepted + 1 };
                FunnelMetrics.Count(FunnelMetrics.LeadsAccepted, "source", "import");
            }
            else
            {
                _report.Add(new LeadImportRow(row.Row, email, LeadImportRow.Rejected, null, [.. validated.Errors.Select(e => new LeadImportFieldError(e.Path, e.Reason))]));
                _counts = _counts with { Received = _counts.Received + 1, Rejected = _counts.Rejected + 1 };
                FunnelMetrics.Count(FunnelMetrics.LeadsRejected, "stage", "import");
            }

            if (_report.Count >= Math.Clamp(options.MaxRowsPerWrite, 1, 100))
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Writes what is left and waits for every write; a failed write fails the import (what was written stays).</summary>
        public async Task<LeadImport> CompleteAsync(CancellationToken cancellationToken)
        {
            if (_report.Count > 0)
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            await Task.WhenAll(_writes).ConfigureAwait(false);
            return _counts;
        }

        private async Task FlushAsync(CancellationToken cancellationToken)
        {
            var (report, accepted) = (_report, _accepted);
            (_report, _accepted) = ([], []);
            var batchId = (++_batches).ToString("D7", CultureInfo.InvariantCulture);
            while (_writes.Count >= Math.Max(1, options.WritesInFlight))
            {
                await Task.WhenAny(_writes).ConfigureAwait(false);
                if (_writes.Find(w => w.IsFaulted || w.IsCanceled) is { } failed)
                {
                    await failed.ConfigureAwait(false); // surfaces the storage error now rather than after the whole file
                }

                _writes.RemoveAll(w => w.IsCompletedSuccessfully);
            }

            _writes.Add(WriteAsync(batchId, report, accepted, cancellationToken));
            if (_batches % HeadEvery == 0)
            {
                await store.SaveAsync(_counts, cancellationToken).ConfigureAwait(false);
            }
        }

        private Task WriteAsync(string batchId, List<LeadImportRow> report, List<LeadImportBatchRow> accepted, CancellationToken cancellationToken) =>
            Task.WhenAll(
                store.WriteReportAsync(_import.Id, report, cancellationToken),
                accepted.Count == 0 ? Task.CompletedTask : sender.SendAsync(new LeadImportBatch(_import.Id, batchId, _import.StartedAt, accepted), cancellationToken));
    }
}

/// <summary>The import as received; <see cref="TooLarge"/> when the upload went past the size limit.</summary>
public sealed record LeadImportReceipt(LeadImport Import, bool TooLarge);
