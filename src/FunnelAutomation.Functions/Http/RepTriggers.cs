using FunnelAutomation.Api;
using FunnelAutomation.Api.Reps;
using FunnelAutomation.Functions.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FunnelAutomation.Functions.Http;

/// <summary>The rep routes as HTTP triggers over the shared <see cref="RepsApi"/> handlers.</summary>
public sealed class RepTriggers(RepServices services, MyLeadsServices mine, DurableClientScope durable)
{
    [Function("ListReps")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Reps)] HttpRequest request, CancellationToken cancellationToken) =>
        await RepsApi.ListAsync(services, cancellationToken).ConfigureAwait(false);

    [Function("UpsertRep")]
    public async Task<IResult> UpsertAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = ApiRoutes.Rep)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        await RepsApi.UpsertAsync(id, request, services, cancellationToken).ConfigureAwait(false);

    [Function("PatchRep")]
    public async Task<IResult> PatchAsync(
        [HttpTrigger(AuthorizationLevel.Function, "patch", Route = ApiRoutes.Rep)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        await RepsApi.PatchAsync(id, request, services, cancellationToken).ConfigureAwait(false);

    [Function("ListRepLeads")]
    public async Task<IResult> ListLeadsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.RepLeads)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        await RepsApi.ListLeadsAsync(id, services, cancellationToken).ConfigureAwait(false);

    [Function("RepTouchedLead")]
    public async Task<IResult> TouchedAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.RepTouchedLead)] HttpRequest request, string id, string leadId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        durable.Use(client);
        return await RepsApi.TouchedAsync(id, leadId, services, cancellationToken).ConfigureAwait(false);
    }

    [Function("RepWorkload")]
    public async Task<IResult> WorkloadAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.RepWorkload)] HttpRequest request, CancellationToken cancellationToken) =>
        await RepsApi.WorkloadAsync(services, cancellationToken).ConfigureAwait(false);

    [Function("CreateRepLink")]
    public async Task<IResult> CreateLinkAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.RepLink)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        await MyLeadsApi.CreateLinkAsync(id, mine, cancellationToken).ConfigureAwait(false);

    [Function("ListMyLeads")]
    public async Task<IResult> ListMyLeadsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.MyLeads)] HttpRequest request, CancellationToken cancellationToken) =>
        await MyLeadsApi.ListAsync(request, mine, cancellationToken).ConfigureAwait(false);

    [Function("GetMyLeadTimeline")]
    public async Task<IResult> GetMyLeadTimelineAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.MyLeadTimeline)] HttpRequest request, string leadId, CancellationToken cancellationToken) =>
        await MyLeadsApi.TimelineAsync(leadId, request, mine, cancellationToken).ConfigureAwait(false);
}
