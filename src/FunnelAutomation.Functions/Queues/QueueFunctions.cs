using FunnelAutomation.Functions.Contracts;
using FunnelAutomation.Functions.Journeys;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace FunnelAutomation.Functions.Queues;

/// <summary>Queue listeners. A message that throws is retried, and after <c>maxDequeueCount</c> (host.json)
/// moved to <c>&lt;queue&gt;-poison</c>, where it is kept for a person to look at.</summary>
public sealed class QueueFunctions(
    ILeadIntakeService intake,
    ICustomerActionService actions,
    DurableClientScope durable,
    ILogger<QueueFunctions> logger)
{
    [Function("ProcessLeadIntake")]
    public async Task ProcessLeadAsync(
        [QueueTrigger(QueueNames.LeadsIntake)] LeadSubmitted message,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        durable.Use(client);
        await intake.ProcessAsync(message, cancellationToken).ConfigureAwait(false);
    }

    [Function("ProcessCustomerAction")]
    public async Task ProcessActionAsync(
        [QueueTrigger(QueueNames.CustomerActions)] CustomerActionMessage message,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        durable.Use(client);
        var recorded = await actions.RecordAsync(message.LeadId, message.Action, cancellationToken).ConfigureAwait(false);
        if (!recorded.IsSuccess)
        {
            // Retrying cannot fix a bad message; throwing sends it to the poison queue instead of dropping it.
            var errors = string.Join("; ", recorded.Errors);
            logger.LogError("Customer action {ActionId} for lead {LeadId} refused: {Errors}", message.Action.Id, message.LeadId, errors);
            throw new InvalidDataException($"Customer action {message.Action.Id} for lead {message.LeadId} refused: {errors}");
        }
    }
}
