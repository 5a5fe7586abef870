using FunnelAutomation.Api;
using FunnelAutomation.Api.Leads;
using FunnelAutomation.Functions.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FunnelAutomation.Functions.Http;

/// <summary>The lead routes as HTTP triggers over the shared <see cref="LeadsApi"/> handlers.</summary>
public sealed class LeadTriggers(LeadServices services, LeadTimelineServices timeline, LeadImportServices imports, DurableClientScope durable)
{
    [Function("SubmitLead")]
    public async Task<IResult> CaptureAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Leads)] HttpRequest request, CancellationToken cancellationToken) =>
        await LeadsApi.CaptureAsync(request, services, cancellationToken).ConfigureAwait(false);

    [Function("GetLead")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Lead)] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        durable.Use(client);
        return await LeadsApi.GetAsync(id, services, cancellationToken).ConfigureAwait(false);
    }

    [Function("GetLeadTimeline")]
    public async Task<IResult> GetTimelineAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.LeadTimeline)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        await LeadTimelineApi.GetAsync(id, timeline, cancellationToken).ConfigureAwait(false);

    [Function("ImportLeads")]
    public async Task<IResult> ImportAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.LeadImport)] HttpRequest request, CancellationToken cancellationToken) =>
        await LeadImportApi.ImportAsync(request, imports, cancellationToken).ConfigureAwait(false);

    [Function("GetLeadImport")]
    public async Task<IResult> GetImportAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.LeadImportProgress)] HttpRequest request, string importId, CancellationToken cancellationToken) =>
        await LeadImportApi.GetAsync(importId, imports, cancellationToken).ConfigureAwait(false);

    [Function("GetLeadImportReport")]
    public async Task<IResult> GetImportReportAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.LeadImportReport)] HttpRequest request, string importId, CancellationToken cancellationToken) =>
        await LeadImportApi.ReportAsync(importId, imports, cancellationToken).ConfigureAwait(false);

    [Function("RecordCustomerAction")]
    public async Task<IResult> RecordActionAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.LeadActions)] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        durable.Use(client);
        return await LeadsApi.RecordActionAsync(id, request, services, cancellationToken).ConfigureAwait(false);
    }
}
