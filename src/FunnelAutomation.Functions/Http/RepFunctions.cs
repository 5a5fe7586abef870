using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Routing;
using FunnelAutomation.Functions.Contracts;
using FunnelAutomation.Functions.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FunnelAutomation.Functions.Http;

/// <summary>Sales reps: <c>/api/reps…</c> (roster CRUD, "my leads", rep touches).</summary>
public sealed class RepFunctions(IRepService reps, DurableClientScope durable)
{
    [Function("ListReps")]
    public async Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "reps")] HttpRequest request,
        CancellationToken cancellationToken) =>
        new OkObjectResult(await reps.ListAsync(cancellationToken).ConfigureAwait(false));

    [Function("GetRep")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "reps/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var rep = await reps.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return rep is null ? Problems.NotFound($"No rep '{id}'.") : new OkObjectResult(rep);
    }

    [Function("CreateRep")]
    public async Task<IActionResult> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "reps")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (rep, errors) = await RequestBodies.ReadJsonAsync<Rep>(request, cancellationToken).ConfigureAwait(false);
        if (rep is null)
        {
            return Problems.Validation(errors, "The rep was not saved.");
        }

        var saved = await reps.UpsertAsync(rep, cancellationToken).ConfigureAwait(false);
        return saved.IsSuccess
            ? new CreatedResult($"/api/reps/{saved.Value.Id}", saved.Value)
            : Problems.Validation(saved.Errors, "The rep was not saved.");
    }

    [Function("UpdateRep")]
    public async Task<IActionResult> UpdateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "reps/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (rep, errors) = await RequestBodies.ReadJsonAsync<Rep>(request, cancellationToken).ConfigureAwait(false);
        if (rep is null)
        {
            return Problems.Validation(errors, "The rep was not saved.");
        }

        if (!string.Equals(rep.Id, id, StringComparison.Ordinal))
        {
            return Problems.Validation([new ValidationError("$.id", $"Must match the rep in the path ('{id}').")], "The rep was not saved.");
        }

        var saved = await reps.UpsertAsync(rep, cancellationToken).ConfigureAwait(false);
        return saved.IsSuccess ? new OkObjectResult(saved.Value) : Problems.Validation(saved.Errors, "The rep was not saved.");
    }

    [Function("DeleteRep")]
    public async Task<IActionResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "reps/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        await reps.DeleteAsync(id, cancellationToken).ConfigureAwait(false)
            ? new NoContentResult()
            : Problems.NotFound($"No rep '{id}'.");

    [Function("ListRepLeads")]
    public async Task<IActionResult> ListLeadsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "reps/{id}/leads")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        new OkObjectResult(await reps.ListLeadsAsync(id, cancellationToken).ConfigureAwait(false));

    [Function("RecordRepTouch")]
    public async Task<IActionResult> TouchAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "reps/{id}/leads/{leadId}/touched")] HttpRequest request,
        string id,
        string leadId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        durable.Use(client);
        var touched = await reps.RecordTouchAsync(id, leadId, cancellationToken).ConfigureAwait(false);
        return touched.IsSuccess
            ? new AcceptedResult((string?)null, new { repId = id, leadId, recorded = touched.Value })
            : Problems.Validation(touched.Errors, "The touch was not recorded.");
    }
}
