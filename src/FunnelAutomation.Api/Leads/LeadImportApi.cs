using System.Globalization;
using CsvHelper;
using FunnelAutomation.Application.Http;
using FunnelAutomation.Application.Leads.Import;
using FunnelAutomation.Core.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FunnelAutomation.Api.Leads;

/// <summary>Bulk import: the upload is parsed as it arrives and accepted in batches (202 + where to watch it), its
/// progress, and its per-row report as CSV.</summary>
public static class LeadImportApi
{
    private static readonly string[] ReportColumns = ["row", "email", "status", "leadId", "field", "reason"];

    public static void MapLeadImportApi(this IEndpointRouteBuilder api)
    {
        api.MapPost(ApiRoutes.LeadImport, ImportAsync).RequireFunctionKey()
            .Accepts<string>("text/csv", "multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName("ImportLeads")
            .WithSummary("Import a CSV of leads (text/csv, or a multipart form file named \"file\"), streamed: 202 with the import id; rows are processed in the background.")
            .DisableAntiforgery();
        api.MapGet(ApiRoutes.LeadImportProgress, GetAsync).RequireFunctionKey()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetLeadImport")
            .WithSummary("An import's progress: received, accepted, rejected and processed rows; receiving, processing, done or failed.");
        api.MapGet(ApiRoutes.LeadImportReport, ReportAsync).RequireFunctionKey()
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetLeadImportReport")
            .WithSummary("An import's report, one line per row (per field error for a rejected row): row, email, status, leadId, field, reason.");
    }

    public static async Task<Results<Accepted<LeadImportAccepted>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, [AsParameters] LeadImportServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(services);
        var limit = services.Options.Value.MaxImportBytes;
        if (request.ContentLength > limit)
        {
            return Problems.TooLarge(limit);
        }

        // The server's own body limit (sized for form posts) would cut the upload first; ours is the import's.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit + (64 * 1024);
        }

        var body = new BoundedReadStream(request.Body, limit);
        Result<LeadImportReceipt> received;
        if (ApiBodies.HasMediaType(request, "text/csv"))
        {
            received = await services.Imports.ReceiveAsync(body, cancellationToken).ConfigureAwait(false);
        }
        else if (request.HasFormContentType && MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && HeaderUtilities.RemoveQuotes(type.Boundary).Value is { Length: > 0 } boundary)
        {
            var file = await FileSectionAsync(new MultipartReader(boundary, body) { BodyLengthLimit = limit }, cancellationToken).ConfigureAwait(false);
            if (file is null)
            {
                return Problems.Validation(LeadImportService.FileField, "attach the CSV as a form file named \"file\"");
            }

            received = await services.Imports.ReceiveAsync(file.Body, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            return Problems.UnsupportedMediaType("text/csv or multipart/form-data with a \"file\"");
        }

        if (!received.IsSuccess)
        {
            return Problems.Validation(received.Errors, "The CSV cannot be imported; nothing was stored.");
        }

        var import = received.Value.Import;
        if (received.Value.TooLarge)
        {
            return Problems.TooLarge(limit, $"The upload is larger than the {limit:N0}-byte limit; the {import.Accepted} row(s) accepted before it are kept and processed (import {import.ImportId}).");
        }

        return import.Status == LeadImportStatus.Failed
            ? Problems.Validation([new(LeadImportService.FileField, import.Error ?? "the CSV could not be read")],
                $"The upload broke off; the {import.Accepted} row(s) accepted before it are kept and processed (import {import.ImportId}).")
            : TypedResults.Accepted(ProgressPath(import.ImportId), LeadImportAccepted.Of(import));
    }

    public static async Task<Results<Ok<LeadImportProgress>, ProblemHttpResult>> GetAsync(string importId, [AsParameters] LeadImportServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var progress = await services.Imports.GetAsync(importId, cancellationToken).ConfigureAwait(false);
        return progress is null ? Problems.NotFound($"No import \"{importId}\".") : TypedResults.Ok(progress);
    }

    /// <summary>Streams the report from the store page by page: nothing holds the whole report.</summary>
    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ReportAsync(string importId, [AsParameters] LeadImportServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (await services.Imports.GetAsync(importId, cancellationToken).ConfigureAwait(false) is null)
        {
            return Problems.NotFound($"No import \"{importId}\".");
        }

        return TypedResults.Stream(async stream =>
        {
            await using var text = new StreamWriter(stream, leaveOpen: true);
            await using var csv = new CsvWriter(text, CultureInfo.InvariantCulture, leaveOpen: true);
            foreach (var column in ReportColumns)
            {
                csv.WriteField(column);
            }

            await csv.NextRecordAsync().ConfigureAwait(false);
            await foreach (var row in services.Imports.ReadReportAsync(importId, cancellationToken).ConfigureAwait(false))
            {
                // One line per field error, so a spreadsheet filter on "field" finds every row with that problem.
                foreach (var error in row.Errors.Count == 0 ? [null] : row.Errors.Cast<LeadImportFieldError?>())
                {
                    csv.WriteField(row.Row);
                    csv.WriteField(row.Email);
                    csv.WriteField(row.Status);
                    csv.WriteField(row.LeadId);
                    csv.WriteField(error?.Field);
                    csv.WriteField(error?.Reason);
                    await csv.NextRecordAsync().ConfigureAwait(false);
                }
            }
        }, "text/csv; charset=utf-8", $"{importId}-report.csv");
    }

    public static string ProgressPath(string importId) => $"/{ApiRoutes.Prefix}/leads/import/{importId}";

    /// <summary>The first file part named "file", else the first file part.</summary>
    private static async Task<MultipartSection?> FileSectionAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                && (disposition.IsFileDisposition() || HeaderUtilities.RemoveQuotes(disposition.Name).Equals(LeadImportService.FileField, StringComparison.Ordinal)))
            {
                return section;
            }
        }

        return null;
    }
}

/// <summary>What the import routes use ([AsParameters] on the Host; resolved from DI by the Functions triggers).</summary>
public sealed record LeadImportServices(LeadImportService Imports, IOptions<ApiOptions> Options);

/// <summary>The answer to an upload: counts so far and where to follow it.</summary>
public sealed record LeadImportAccepted(string ImportId, string Status, int Received, int Accepted, int Rejected, string Progress, string Report)
{
    public static LeadImportAccepted Of(LeadImport import)
    {
        ArgumentNullException.ThrowIfNull(import);
        var progress = LeadImportApi.ProgressPath(import.ImportId);
        var status = import.Accepted == 0 ? LeadImportStatus.Done : import.Status;
        return new LeadImportAccepted(import.ImportId, status, import.Received, import.Accepted, import.Rejected, progress, progress + "/report.csv");
    }
}
