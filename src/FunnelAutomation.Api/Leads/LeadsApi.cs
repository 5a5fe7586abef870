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

/// <summary>Lead capture (anonymous, for website forms), lead detail and customer actions (bulk import: LeadImportApi).</summary>
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
