using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Application.Http;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Functions.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FunnelAutomation.Functions.Http;

/// <summary>Reps: create or update, list, their leads, and the "touched" signal that stops a lead's SLA
/// clock (the local Host's <c>/api/reps…</c> routes).</summary>
public sealed class RepFunctions(IRepStore reps, ILeadStore leads, IJourneyRunner journeys, ConfigurationService configuration, DurableClientScope durable, TimeProvider time)
{
    private const int MaxRepBytes = 16 * 1024;

    [Function("ListReps")]
    public async Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "reps")] HttpRequest request,
        CancellationToken cancellationToken) =>
        new OkObjectResult(await reps.ListAsync(cancellationToken).ConfigureAwait(false));

    [Function("UpsertRep")]
    public async Task<IActionResult> UpsertAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "reps/" + RouteIds.Rep)] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (text, tooLarge) = await HttpBodies.ReadTextAsync(request, MaxRepBytes, cancellationToken).ConfigureAwait(false);
        if (tooLarge)
        {
            return Problems.TooLarge(MaxRepBytes);
        }

        var rep = RepDocument.Parse(id, text);
        if (!rep.IsSuccess)
        {
            return Problems.Validation(rep.Errors);
        }

        await reps.UpsertAsync(rep.Value, cancellationToken).ConfigureAwait(false);
        configuration.Invalidate();
        return new OkObjectResult(rep.Value);
    }

    [Function("ListRepLeads")]
    public async Task<IActionResult> ListLeadsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "reps/" + RouteIds.Rep + "/leads")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        await reps.GetAsync(id, cancellationToken).ConfigureAwait(false) is null
            ? Problems.NotFound($"No rep \"{id}\".")
            : new OkObjectResult(await leads.ListByOwnerAsync(id, cancellationToken).ConfigureAwait(false));

    [Function("RepTouchedLead")]
    public async Task<IActionResult> TouchedAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "reps/" + RouteIds.Rep + "/leads/{leadId}/touched")] HttpRequest request,
        string id,
        string leadId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        durable.Use(client);
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
        return new AcceptedResult((string?)null, new { leadId, repId = id, status = "touched" });
    }
}
