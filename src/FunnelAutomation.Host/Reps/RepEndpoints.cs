using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Application.Http;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Routing;
using FunnelAutomation.Host.Infrastructure;

namespace FunnelAutomation.Host.Reps;

/// <summary>Reps: create or update (territories, capacity, out of office), list, their leads, and the
/// "touched" signal that stops a lead's SLA clock.</summary>
internal static class RepEndpoints
{
    public static void MapRepEndpoints(this IEndpointRouteBuilder app)
    {
        var reps = app.MapGroup("/api/reps").AddEndpointFilter<FunctionKeyFilter>();
        reps.MapGet("/", async (IRepStore store, CancellationToken ct) => Results.Ok(await store.ListAsync(ct).ConfigureAwait(false)));
        reps.MapPut("/" + RouteIds.Rep, UpsertAsync).WithSummary("Create or update a rep.");
        reps.MapGet("/" + RouteIds.Rep + "/leads", async (string id, IRepStore store, ILeadStore leads, CancellationToken ct) =>
            await store.GetAsync(id, ct).ConfigureAwait(false) is null
                ? Problems.NotFound($"No rep \"{id}\".")
                : Results.Ok(await leads.ListByOwnerAsync(id, ct).ConfigureAwait(false)))
            .WithSummary("The rep's leads (\"my leads\").");
        reps.MapPost("/" + RouteIds.Rep + "/leads/{leadId}/touched", TouchedAsync).WithSummary("The rep worked the lead: stops its SLA clock.");
    }

    private static async Task<IResult> UpsertAsync(string id, HttpRequest request, IRepStore store, ConfigurationService configuration, CancellationToken cancellationToken)
    {
        var (text, tooLarge) = await BoundedBody.ReadTextAsync(request.Body, request.ContentLength, 16 * 1024, cancellationToken).ConfigureAwait(false);
        if (tooLarge)
        {
            return Problems.TooLarge(16 * 1024);
        }

        var parsed = RepDocument.Parse(id, text);
        if (!parsed.IsSuccess)
        {
            return Problems.Validation(parsed.Errors);
        }

        var rep = parsed.Value;
        await store.UpsertAsync(rep, cancellationToken).ConfigureAwait(false);
        configuration.Invalidate();
        return Results.Ok(rep);
    }

    private static async Task<IResult> TouchedAsync(string id, string leadId, ILeadStore leads, IJourneyRunner journeys, TimeProvider time, CancellationToken cancellationToken)
    {
        var lead = await leads.GetAsync(leadId, cancellationToken).ConfigureAwait(false);
        if (lead is null)
        {
            return Problems.NotFound($"No lead \"{leadId}\".");
        }

        if (lead.OwnerRepId != id)
        {
            return Problems.Forbidden($"Lead \"{leadId}\" is not owned by rep \"{id}\".");
        }

        await journeys.RaiseAsync(leadId, new RepTouched(time.GetUtcNow(), id), cancellationToken).ConfigureAwait(false);
        return Results.Accepted(value: new { leadId, repId = id, status = "touched" });
    }
}
