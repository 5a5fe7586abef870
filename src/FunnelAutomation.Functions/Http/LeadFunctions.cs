using FunnelAutomation.Application.Actions;
using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Application.Http;
using FunnelAutomation.Application.Leads;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Azure.Leads;
using FunnelAutomation.Functions.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace FunnelAutomation.Functions.Http;

/// <summary>Lead capture (anonymous, for website forms), lead detail, CSV import and customer actions: the
/// local Host's <c>/api/leads…</c> routes with the same payloads.</summary>
public sealed class LeadFunctions(
    LeadAcceptor acceptor,
    ILeadStore leads,
    IJourneyRunner journeys,
    ConfigurationService configuration,
    CustomerActionService actions,
    DurableClientScope durable,
    IOptions<ApiOptions> options,
    TimeProvider time)
{
    private const int MaxActionBytes = 16 * 1024;

    /// <summary>Website forms post here: JSON or a plain HTML form (then an allowed <c>redirect</c> answers 302).
    /// A filled honeypot field is answered as accepted and stores nothing.</summary>
    [Function("SubmitLead")]
    public async Task<IActionResult> CaptureAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "leads")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
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
        else if (HttpBodies.IsJson(request))
        {
            var (json, problem) = await HttpBodies.ReadJsonFieldsAsync(request, settings.MaxLeadBodyBytes, cancellationToken).ConfigureAwait(false);
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
        if (redirect is not null && !LeadFormRedirect.IsAllowed(redirect, settings.AllowedOriginList))
        {
            return Problems.Validation(LeadFormRedirect.Field, "must be a relative path or a URL on an allowed origin");
        }

        if (!string.IsNullOrEmpty(fields.GetValueOrDefault(settings.HoneypotField)))
        {
            // A bot filled the hidden field: answer as if accepted, store nothing.
            return isForm && redirect is not null ? new RedirectResult(redirect) : new AcceptedResult((string?)null, new { status = "accepted" });
        }

        var accepted = await acceptor.AcceptAsync(fields, cancellationToken).ConfigureAwait(false);
        if (!accepted.IsSuccess)
        {
            return Problems.Validation(accepted.Errors);
        }

        return isForm && redirect is not null
            ? new RedirectResult(redirect)
            : new AcceptedResult($"/api/leads/{accepted.Value}", new { leadId = accepted.Value, status = "accepted" });
    }

    [Function("GetLead")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "leads/" + RouteIds.Lead)] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        durable.Use(client);
        var lead = await leads.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (lead is null)
        {
            return Problems.NotFound($"No lead \"{id}\".");
        }

        var journey = await journeys.GetStateAsync(id, cancellationToken).ConfigureAwait(false);
        var config = await configuration.GetAsync(cancellationToken).ConfigureAwait(false);
        return new OkObjectResult(LeadView.Of(lead, journey, config.Sequences));
    }

    /// <summary>A CSV as <c>text/csv</c> or a multipart form file named "file"; answers with a report per row.</summary>
    [Function("ImportLeads")]
    public async Task<IActionResult> ImportAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "leads/import")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limit = options.Value.MaxImportBytes;
        string? csv;
        if (request.HasFormContentType)
        {
            if (request.ContentLength > limit)
            {
                return Problems.TooLarge(limit);
            }

            var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            var file = form.Files.GetFile(LeadCsvImport.FileField) ?? (form.Files.Count > 0 ? form.Files[0] : null);
            if (file is null)
            {
                return Problems.Validation(LeadCsvImport.FileField, "attach the CSV as a form file named \"file\"");
            }

            using var reader = new StreamReader(file.OpenReadStream());
            csv = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true)
        {
            var (text, tooLarge) = await HttpBodies.ReadTextAsync(request, limit, cancellationToken).ConfigureAwait(false);
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
        return report.IsSuccess ? new OkObjectResult(report.Value) : Problems.Validation(report.Errors);
    }

    [Function("RecordCustomerAction")]
    public async Task<IActionResult> RecordActionAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "leads/" + RouteIds.Lead + "/actions")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        durable.Use(client);
        var (fields, problem) = await HttpBodies.ReadJsonFieldsAsync(request, MaxActionBytes, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var parsed = CustomerActionRequest.Parse(fields!, time.GetUtcNow());
        if (!parsed.IsSuccess)
        {
            return Problems.Validation(parsed.Errors);
        }

        return await actions.RecordAsync(id, parsed.Value, cancellationToken).ConfigureAwait(false)
            ? new AcceptedResult($"/api/leads/{id}", new { leadId = id, actionId = parsed.Value.Id, status = "accepted" })
            : Problems.NotFound($"No lead \"{id}\".");
    }
}
