using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using FunnelAutomation.Core.Common;

namespace FunnelAutomation.Application.Leads;

/// <summary>A CSV of leads (header row with an "email" column, delimiter detected): each row becomes a
/// submission handed to <c>accept</c> (validate + queue), with a report per row. A file that cannot be read
/// as a CSV of leads is a failure on "file"; a bad row only rejects that row.</summary>
public static class LeadCsvImport
{
    public const string FileField = "file";

    public static async Task<Result<LeadImportReport>> RunAsync(
        string csv,
        Func<IReadOnlyDictionary<string, string?>, CancellationToken, Task<Result<string>>> accept,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accept);
        var rows = new List<LeadImportRow>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim, DetectDelimiter = true, BadDataFound = null };
        using var parser = new CsvReader(new StringReader(csv ?? string.Empty), config);
        try
        {
            if (!await parser.ReadAsync().ConfigureAwait(false) || !parser.ReadHeader() || parser.HeaderRecord is not { Length: > 0 } header)
            {
                return Result<LeadImportReport>.Failure(FileField, "the CSV has no header row");
            }

            if (!header.Contains("email", StringComparer.OrdinalIgnoreCase))
            {
                return Result<LeadImportReport>.Failure(FileField, "the CSV header has no \"email\" column");
            }

            while (await parser.ReadAsync().ConfigureAwait(false))
            {
                var row = parser.Parser.Row;
                var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < header.Length; i++)
                {
                    fields[header[i]] = parser.TryGetField<string>(i, out var value) ? value : null;
                }

                fields.TryAdd("source", "import");
                var accepted = await accept(fields, cancellationToken).ConfigureAwait(false);
                rows.Add(accepted.IsSuccess
                    ? new LeadImportRow(row, fields.GetValueOrDefault("email"), LeadImportRow.Accepted, accepted.Value, [])
                    : new LeadImportRow(row, fields.GetValueOrDefault("email"), LeadImportRow.Rejected, null,
                        [.. accepted.Errors.Select(e => new LeadImportFieldError(e.Path, e.Reason))]));
            }
        }
        catch (CsvHelperException ex)
        {
            return Result<LeadImportReport>.Failure(FileField, $"the CSV could not be read at row {ex.Context?.Parser?.Row}: {ex.GetType().Name}");
        }

        var acceptedCount = rows.Count(r => r.Status == LeadImportRow.Accepted);
        return Result<LeadImportReport>.Success(new LeadImportReport(acceptedCount, rows.Count - acceptedCount, rows));
    }
}

/// <summary>The answer to an import: counts and one entry per data row.</summary>
public sealed record LeadImportReport(int Accepted, int Rejected, IReadOnlyList<LeadImportRow> Rows);

/// <summary>One data row of an import (<see cref="Row"/> is the CSV line number, header = 1).</summary>
public sealed record LeadImportRow(int Row, string? Email, string Status, string? LeadId, IReadOnlyList<LeadImportFieldError> Errors)
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
}

public sealed record LeadImportFieldError(string Field, string Reason);
