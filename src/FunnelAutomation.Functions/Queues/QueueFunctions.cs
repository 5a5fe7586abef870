using FunnelAutomation.Application;
using FunnelAutomation.Application.Actions;
using FunnelAutomation.Application.Leads;
using FunnelAutomation.Functions.Journeys;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace FunnelAutomation.Functions.Queues;

/// <summary>Queue listeners over the same envelopes the local Host's listeners read. Every failure throws:
/// a transient one is retried, and after <c>maxDequeueCount</c> (host.json) the runtime moves the message
/// to <c>&lt;queue&gt;-poison</c>. Input that can never succeed (<see cref="InvalidInputException"/>) is
/// logged as an error with its reasons before it is thrown, so the poisoned message's reason is in the log;
/// it takes the same few retries (cheap: intake and actions are idempotent by submission/action id).</summary>
public sealed partial class QueueFunctions(
    LeadIntakeService intake,
    CustomerActionService actions,
    DurableClientScope durable,
    TimeProvider time,
    ILogger<QueueFunctions> logger)
{
    [Function("ProcessLeadIntake")]
    public async Task ProcessLeadAsync(
        [QueueTrigger("%" + AppSettingNames.LeadsIntakeQueue + "%", Connection = AppSettingNames.QueueConnection)] string message,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        durable.Use(client);
        await RunAsync("leads-intake", () => QueueEnvelopes.HandleAsync<LeadSubmitted>(message, LeadSubmitted.MessageType, "leads-intake",
            submission => intake.ProcessAsync(submission, cancellationToken))).ConfigureAwait(false);
    }

    [Function("ProcessCustomerAction")]
    public async Task ProcessActionAsync(
        [QueueTrigger("%" + AppSettingNames.CustomerActionsQueue + "%", Connection = AppSettingNames.QueueConnection)] string message,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        durable.Use(client);
        await RunAsync("customer-actions", () => QueueEnvelopes.HandleAsync<Dictionary<string, string?>>(message, CustomerActionMessage.MessageType, "customer-actions",
            fields => CustomerActionMessage.RecordAsync(actions, fields, time.GetUtcNow(), cancellationToken))).ConfigureAwait(false);
    }

    private async Task RunAsync(string queue, Func<Task> handle)
    {
        try
        {
            await handle().ConfigureAwait(false);
        }
        catch (InvalidInputException ex)
        {
            LogRejected(logger, queue, string.Join("; ", ex.Errors));
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Queue {Queue}: message rejected ({Reasons}); it will be poisoned after the retries")]
    private static partial void LogRejected(ILogger logger, string queue, string reasons);
}
