using System.Text.Json.Serialization;
using FunnelAutomation.Application.Actions;
using FunnelAutomation.Application.Leads;
using FunnelAutomation.Application.Telemetry;
using FunnelAutomation.Azure.Leads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace FunnelAutomation.Api.Leads;

/// <summary>Lead capture (anonymous, for website forms), lead detail, CSV import and customer actions.</summary>
public static class LeadsApi
{
    /// <summary>The rate-limit and CORS policy name of the capture route (the Host defines both).</summary>
    public const string CapturePolicy = "lead-capture";

    public const int MaxActionBytes = 16 * 1024;

    public static void MapLeadsApi(this IEndpointRouteBuilder api)
    {
        api.MapPost(ApiRoutes.Leads, CaptureAsync)
            .AllowAnyCaller()
            .RequireRateLimiting(CapturePolicy)
            .RequireCors(CapturePolicy)
            .Accepts<Dictionary<string, string>>("application/json", "application/x-www-form-urlencoded")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("SubmitLead")
            .WithSummary("Capture a lead from a website form (JSON or application/x-www-form-urlencoded).")
            .DisableAntiforgery();

        api.MapGet(ApiRoutes.Lead, GetAsync).RequireFunctionKey()
            .WithName("GetLead")
            .WithSummary("A lead with its score breakdown, owner, stage history and journey.");
        api.MapPost(ApiRoutes.LeadImport, ImportAsync).RequireFunctionKey()
            .Accepts<string>("text/csv", "multipart/form-data")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName("ImportLeads")
            .WithSummary("Import a CSV of leads (text/csv, or a multipart form file named \"file\"); answers with a report per row.")
            .DisableAntiforgery();
        api.MapPost(ApiRoutes.LeadActions, RecordActionAsync).RequireFunctionKey()
            .Accepts<Dictionary<string, string>>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithName("RecordCustomerAction")
            .WithSummary("Record a customer action (meeting booked, proposal viewed…).");
    }

    /// <summary>Website forms post here: JSON or a plain HTML form (then an allowed <c>redirect</c> answers 302).
    /// A filled honeypot field is answered as accepted and stores nothing.</summary>
    public static async Task<Results<Accepted<LeadAccepted>, RedirectHttpResult, ProblemHttpResult>> CaptureAsync(
        HttpRequest request, [AsParameters] LeadServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(services);
        var settings = services.Options.Value;
        Dictionary<string, string?> fields;
        var isForm = request.HasFormContentType;
        if (isForm)
        {
            if (request.ContentLength > settings.MaxLeadBodyBytes)
            {
                return Problems.TooLarge(settings.MaxLeadBodyBytes);
            }

            // Bounded whether or not a Content-Length was sent (a proxy may forward the post chunked).
            var form = await request.ReadFormAsync(new FormOptions { BufferBodyLengthLimit = settings.MaxLeadBodyBytes, MultipartBodyLengthLimit = settings.MaxLeadBodyBytes, ValueLengthLimit = settings.MaxLeadBodyBytes, ValueCountLimit = 256 }, cancellationToken).ConfigureAwait(false);
            fields = form.ToDictionary(f => f.Key, f => (string?)f.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        }
        else if (ApiBodies.IsJson(request))
        {
            var (json, problem) = await ApiBodies.ReadJsonFieldsAsync(request, settings.MaxLeadBodyBytes, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            fields = json!;
        }
        else
        {
            return Problems.UnsupportedMediaType("application/json or application/x-www-form-urlencoded");
        }

        var redirect = fields.GetValueOrDefault(LeadFormRedirect.Field);
        if (redirect is not null && !LeadFormRedirect.IsAllowed(redirect, settings.AllowedOrigins))
        {
            return Problems.Validation(LeadFormRedirect.Field, "must be a relative path or a URL on an allowed origin");
        }

        if (!string.IsNullOrEmpty(fields.GetValueOrDefault(settings.HoneypotField)))
        {
            // A bot filled the hidden field: answer as if accepted, store nothing, but count it (a spam wave shows).
            FunnelMetrics.Count(FunnelMetrics.LeadsRejected, "stage", "honeypot");
            return isForm && redirect is not null ? TypedResults.Redirect(redirect) : TypedResults.Accepted((string?)null, new LeadAccepted(null));
        }

        var accepted = await services.Acceptor.AcceptAsync(fields, cancellationToken).ConfigureAwait(false);
        if (!accepted.IsSuccess)
        {
            return Problems.Validation(accepted.Errors);
        }

        return isForm && redirect is not null
            ? TypedResults.Redirect(redirect)
            : TypedResults.Accepted($"/api/leads/{accepted.Value}", new LeadAccepted(accepted.Value));
    }

    public static async Task<Results<Ok<object>, ProblemHttpResult>> GetAsync(string id, [AsParameters] LeadServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var lead = await services.Leads.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (lead is null)
        {
            return Problems.NotFound($"No lead \"{id}\".");
        }

        var journey = await services.Journeys.GetStateAsync(id, cancellationToken).ConfigureAwait(false);
        var config = await services.Configuration.GetAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(LeadView.Of(lead, journey, config.Sequences));
    }

    public static async Task<Results<Ok<LeadImportReport>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, [AsParameters] LeadServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(services);
        var limit = services.Options.Value.MaxImportBytes;
        string csv;
        if (request.HasFormContentType)
        {
            if (request.ContentLength > limit)
            {
                return Problems.TooLarge(limit);
            }

            // Bounded without a Content-Length too (a chunked upload): the form reader stops past the limit.
            var form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit, BufferBodyLengthLimit = limit }, cancellationToken).ConfigureAwait(false);
            var file = form.Files.GetFile(LeadCsvImport.FileField) ?? (form.Files.Count > 0 ? form.Files[0] : null);
            if (file is null)
            {
                return Problems.Validation(LeadCsvImport.FileField, "attach the CSV as a form file named \"file\"");
            }

            if (file.Length > limit)
            {
                return Problems.TooLarge(limit);
            }

            using var reader = new StreamReader(file.OpenReadStream());
            csv = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (ApiBodies.HasMediaType(request, "text/csv"))
        {
            var (text, problem) = await ApiBodies.ReadTextAsync(request, limit, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            csv = text!;
        }
        else
        {
            return Problems.UnsupportedMediaType("text/csv or multipart/form-data with a \"file\"");
        }

        var report = await LeadCsvImport.RunAsync(csv, services.Acceptor.AcceptAsync, cancellationToken).ConfigureAwait(false);
        return report.IsSuccess ? TypedResults.Ok(report.Value) : Problems.Validation(report.Errors);
    }

    public static async Task<Results<Accepted<ActionAccepted>, ProblemHttpResult>> RecordActionAsync(
        string id, HttpRequest request, [AsParameters] LeadServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var (fields, problem) = await ApiBodies.ReadJsonFieldsAsync(request, MaxActionBytes, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var parsed = CustomerActionRequest.Parse(fields!, services.Time.GetUtcNow());
        if (!parsed.IsSuccess)
        {
            return Problems.Validation(parsed.Errors);
        }

        return await services.Actions.RecordAsync(id, parsed.Value, cancellationToken).ConfigureAwait(false)
            ? TypedResults.Accepted($"/api/leads/{id}", new ActionAccepted(id, parsed.Value.Id))
            : Problems.NotFound($"No lead \"{id}\".");
    }
}

/// <summary>A lead was queued for scoring and routing (no id when a bot's post was dropped).</summary>
public sealed record LeadAccepted([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LeadId, string Status = "accepted");

public sealed record ActionAccepted(string LeadId, string ActionId, string Status = "accepted");
