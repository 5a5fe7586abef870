using System.Globalization;
using FunnelAutomation.Application;
using FunnelAutomation.Application.Actions;
using FunnelAutomation.Application.Leads;
using FunnelAutomation.Application.Leads.Import;
using FunnelAutomation.Azure.Queues;
using FunnelAutomation.Functions.Journeys;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace FunnelAutomation.Functions.Queues;

/// <summary>The poison queues the triggers write to when a message can never succeed.</summary>
public sealed record TriggerPoisonRecorders(PoisonRecorder LeadsIntake, PoisonRecorder CustomerActions, PoisonRecorder LeadsImport);

/// <summary>Queue listeners over the same envelopes the local Host's listeners read, with the same outcome for
/// each kind of failure. Input that can never succeed (<see cref="InvalidInputException"/>: malformed envelope,
/// wrong type, invalid fields) goes to <c>&lt;queue&gt;-poison</c> at once, with its reasons, in the same record
/// the Host's processor writes, and the trigger completes so the runtime deletes the message. Any other failure
/// throws: it is retried, and after <c>maxDequeueCount</c> (host.json) the runtime moves it to the poison queue.
/// Redeliveries are harmless: intake and actions are idempotent by submission and action id.</summary>
public sealed partial class QueueFunctions(
    LeadIntakeService intake,
    CustomerActionService actions,
    LeadImportService imports,
    DurableClientScope durable,
    TriggerPoisonRecorders poison,
    TimeProvider time,
    ILogger<QueueFunctions> logger)
{
    [Function("ProcessLeadIntake")]
    public async Task ProcessLeadAsync(
        [QueueTrigger("%" + AppSettingNames.LeadsIntakeQueue + "%", Connection = AppSettingNames.QueueConnection)] string message,
        [DurableClient] DurableTaskClient client,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        durable.Use(client);
        await RunAsync(poison.LeadsIntake, message, context, () => QueueEnvelopes.HandleAsync<LeadSubmitted>(message, LeadSubmitted.MessageType, "leads-intake",
            submission => intake.ProcessAsync(submission, cancellationToken)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A batch of imported rows, each through intake; a redelivered batch changes nothing (see <see cref="LeadImportService.ProcessAsync"/>).</summary>
    [Function("ProcessLeadImport")]
    public async Task ProcessImportAsync(
        [QueueTrigger("%" + AppSettingNames.LeadsImportQueue + "%", Connection = AppSettingNames.QueueConnection)] string message,
        [DurableClient] DurableTaskClient client,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        durable.Use(client);
        await RunAsync(poison.LeadsImport, message, context, () => QueueEnvelopes.HandleAsync<LeadImportBatch>(message, LeadImportBatch.MessageType, "leads-import",
            batch => imports.ProcessAsync(batch, cancellationToken)), cancellationToken).ConfigureAwait(false);
    }

    [Function("ProcessCustomerAction")]
    public async Task ProcessActionAsync(
        [QueueTrigger("%" + AppSettingNames.CustomerActionsQueue + "%", Connection = AppSettingNames.QueueConnection)] string message,
        [DurableClient] DurableTaskClient client,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        durable.Use(client);
        await RunAsync(poison.CustomerActions, message, context, () => QueueEnvelopes.HandleAsync<Dictionary<string, string?>>(message, CustomerActionMessage.MessageType, "customer-actions",
            fields => CustomerActionMessage.RecordAsync(actions, fields, time.GetUtcNow(), cancellationToken)), cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync(PoisonRecorder poisonQueue, string message, FunctionContext context, Func<Task> handle, CancellationToken cancellationToken)
    {
        try
        {
            await handle().ConfigureAwait(false);
        }
        catch (InvalidInputException ex)
        {
            var reasons = string.Join("; ", ex.Errors);
            var metadata = TriggerMetadata.Of(context);
            await poisonQueue.RecordAsync("rejected: " + reasons, message ?? string.Empty, decoded: true, metadata.DequeueCount, metadata.Id, metadata.InsertedOn, cancellationToken).ConfigureAwait(false);
            LogPoisoned(logger, poisonQueue.SourceQueue, metadata.Id, reasons, poisonQueue.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Queue {Queue}: message {MessageId} rejected ({Reasons}); moved to {PoisonQueue}")]
    private static partial void LogPoisoned(ILogger logger, string queue, string? messageId, string reasons, string poisonQueue);

    /// <summary>The queue trigger's message metadata, from the invocation's binding data (isolated workers get it there,
    /// not as a <c>QueueMessage</c> when they bind the body as text).</summary>
    internal readonly record struct TriggerMetadata(string? Id, long DequeueCount, DateTimeOffset? InsertedOn)
    {
        public static TriggerMetadata Of(FunctionContext? context)
        {
            var data = context?.BindingContext?.BindingData;
            if (data is null)
            {
                return default;
            }

            string? Text(string key) => data.TryGetValue(key, out var value) && value is not null ? value.ToString()?.Trim('"') : null;
            var dequeueCount = long.TryParse(Text("DequeueCount"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
            var inserted = DateTimeOffset.TryParse(Text("InsertionTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null;
            return new TriggerMetadata(Text("Id"), dequeueCount, inserted);
        }
    }
}
