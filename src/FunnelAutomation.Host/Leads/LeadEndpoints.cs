using FunnelAutomation.Application.Actions;
using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Application.Http;
using FunnelAutomation.Application.Leads;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Azure.Leads;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Host.Infrastructure;
using Microsoft.Extensions.Options;

namespace FunnelAutomation.Host.Leads;

/// <summary>Lead capture (anonymous, for website forms), lead detail, CSV import and customer actions.</summary>
internal static class LeadEndpoints
{
    public const string CapturePolicy = "lead-capture";

    public static void MapLeadEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/leads", CaptureAsync)
            .AllowAnonymous()
            .RequireRateLimiting(CapturePolicy)
            .RequireCors(CapturePolicy)
            .WithSummary("Capture a lead from a website form (JSON or application/x-www-form-urlencoded).")
            .DisableAntiforgery();

        var keyed = app.MapGroup("/api/leads").AddEndpointFilter<FunctionKeyFilter>();
        keyed.MapGet("/" + RouteIds.Lead, GetAsync).WithSummary("A lead with its score breakdown, owner, stage history and journey.");
        keyed.MapPost("/import", ImportAsync).WithSummary("Import a CSV of leads; answers with a report per row.").DisableAntiforgery();
        keyed.MapPost("/" + RouteIds.Lead + "/actions", RecordActionAsync).WithSummary("Record a customer action (meeting booked, proposal viewed…).");
    }

    private static async Task<IResult> CaptureAsync(HttpRequest request, LeadAcceptor acceptor, IOptions<FunnelHostOptions> options, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        Dictionary<string, string?> fields;
        var isForm = request.HasFormContentType;
        if (isForm)
        {
            if (request.ContentLength is null or > int.MaxValue || request.ContentLength > settings.MaxLeadBodyBytes)
            {
                return Problems.TooLarge(settings.MaxLeadBodyBytes);
            }

            var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            fields = form.ToDictionary(f => f.Key, f => (string?)f.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        }
        else if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            var (text, tooLarge) = await BoundedBody.ReadTextAsync(request.Body, request.ContentLength, settings.MaxLeadBodyBytes, cancellationToken).ConfigureAwait(false);
            if (tooLarge)
            {
                return Problems.TooLarge(settings.MaxLeadBodyBytes);
            }

            var parsed = FlatJsonFields.Parse(text!);
            if (!parsed.IsSuccess)
            {
                return Problems.Validation(parsed.Errors);
            }

            fields = parsed.Value;
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
            // A bot filled the hidden field: answer as if accepted, store nothing.
            return isForm && redirect is not null ? Results.Redirect(redirect) : Results.Accepted(value: new { status = "accepted" });
        }

        var accepted = await acceptor.AcceptAsync(fields, cancellationToken).ConfigureAwait(false);
        if (!accepted.IsSuccess)
        {
            return Problems.Validation(accepted.Errors);
        }

        return isForm && redirect is not null
            ? Results.Redirect(redirect)
            : Results.Accepted($"/api/leads/{accepted.Value}", new { leadId = accepted.Value, status = "accepted" });
    }

    private static async Task<IResult> GetAsync(string id, ILeadStore leads, IJourneyRunner journeys, ConfigurationService configuration, CancellationToken cancellationToken)
    {
        var lead = await leads.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (lead is null)
        {
            return Problems.NotFound($"No lead \"{id}\".");
        }

        var journey = await journeys.GetStateAsync(id, cancellationToken).ConfigureAwait(false);
        var config = await configuration.GetAsync(cancellationToken).ConfigureAwait(false);
        return Results.Ok(LeadView.Of(lead, journey, config.Sequences));
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, LeadAcceptor acceptor, IOptions<FunnelHostOptions> options, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxImportBytes;
        string? csv;
        if (request.HasFormContentType)
        {
            if (request.ContentLength > limit)
            {
                return Problems.TooLarge(limit);
            }

            var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            var file = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null);
            if (file is null)
            {
                return Problems.Validation("file", "attach the CSV as a form file named \"file\"");
            }

            using var reader = new StreamReader(file.OpenReadStream());
            csv = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true)
        {
            var (text, tooLarge) = await BoundedBody.ReadTextAsync(request.Body, request.ContentLength, limit, cancellationToken).ConfigureAwait(false);
            if (tooLarge)
            {
                return Problems.TooLarge(limit);
            }

            csv = text;
        }
        else
        {
            return Problems.UnsupportedMediaType("text/csv or multipart/form-data with a \"file\"");
        }

        var report = await LeadCsvImport.RunAsync(csv ?? string.Empty, acceptor.AcceptAsync, cancellationToken).ConfigureAwait(false);
        return report.IsSuccess ? Results.Ok(report.Value) : Problems.Validation(report.Errors);
    }

    private static async Task<IResult> RecordActionAsync(string id, HttpRequest request, CustomerActionService actions, TimeProvider time, CancellationToken cancellationToken)
    {
        var (text, tooLarge) = await BoundedBody.ReadTextAsync(request.Body, request.ContentLength, 16 * 1024, cancellationToken).ConfigureAwait(false);
        if (tooLarge)
        {
            return Problems.TooLarge(16 * 1024);
        }

        var fields = FlatJsonFields.Parse(text ?? string.Empty);
        if (!fields.IsSuccess)
        {
            return Problems.Validation(fields.Errors);
        }

        var parsed = CustomerActionRequest.Parse(fields.Value, time.GetUtcNow());
        if (!parsed.IsSuccess)
        {
            return Problems.Validation(parsed.Errors);
        }

        return await actions.RecordAsync(id, parsed.Value, cancellationToken).ConfigureAwait(false)
            ? Results.Accepted($"/api/leads/{id}", new { leadId = id, actionId = parsed.Value.Id, status = "accepted" })
            : Problems.NotFound($"No lead \"{id}\".");
    }
}
