using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Functions.Contracts;
using FunnelAutomation.Functions.Journeys;
using FunnelAutomation.Functions.Queues;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FunnelAutomation.Functions.Http;

/// <summary>Lead capture and lead reads: <c>/api/leads…</c>, the same routes as the local Host.</summary>
public sealed class LeadFunctions(
    ILeadIntakeService intake,
    ICustomerActionService actions,
    ILeadStore leads,
    DurableClientScope durable,
    TimeProvider time)
{
    /// <summary>Website forms post here (anonymous): validated now, processed from the intake queue.</summary>
    [Function("SubmitLead")]
    public async Task<LeadSubmission> SubmitAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "leads")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (fields, problem) = await RequestBodies.ReadFieldsAsync(request, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return new LeadSubmission { Result = problem };
        }

        var validated = intake.ValidateForm(fields!, time.GetUtcNow());
        if (!validated.IsSuccess)
        {
            return new LeadSubmission { Result = Problems.Validation(validated.Errors, "The lead was not accepted.") };
        }

        var message = validated.Value;
        return new LeadSubmission
        {
            Message = message,
            Result = new AcceptedResult($"/api/leads/{message.LeadId}", new { leadId = message.LeadId, status = "queued" }),
        };
    }

    [Function("GetLead")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "leads/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var lead = await leads.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return lead is null ? Problems.NotFound($"No lead '{id}'.") : new OkObjectResult(lead);
    }

    [Function("ImportLeads")]
    public async Task<IActionResult> ImportAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "leads/import")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var report = await intake.ImportAsync(request.Body, request.ContentType, cancellationToken).ConfigureAwait(false);
        return report.IsSuccess
            ? new AcceptedResult((string?)null, report.Value)
            : Problems.Validation(report.Errors, "The import was not accepted.");
    }

    [Function("RecordCustomerAction")]
    public async Task<IActionResult> RecordActionAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "leads/{id}/actions")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        durable.Use(client);
        var (action, errors) = await RequestBodies.ReadJsonAsync<CustomerAction>(request, cancellationToken).ConfigureAwait(false);
        if (action is null)
        {
            return Problems.Validation(errors, "The customer action was not accepted.");
        }

        var recorded = await actions.RecordAsync(id, action, cancellationToken).ConfigureAwait(false);
        return recorded.IsSuccess
            ? new AcceptedResult((string?)null, new { leadId = id, actionId = action.Id, recorded = recorded.Value })
            : Problems.Validation(recorded.Errors, "The customer action was not accepted.");
    }

    /// <summary>The HTTP answer plus, when the lead was valid, its message on the intake queue.</summary>
    public sealed class LeadSubmission
    {
        [QueueOutput(QueueNames.LeadsIntake)]
        public LeadSubmitted? Message { get; init; }

        [HttpResult]
        public required IActionResult Result { get; init; }
    }
}
