using FunnelAutomation.Application;
using FunnelAutomation.Application.Actions;
using FunnelAutomation.Application.Leads;
using FunnelAutomation.Application.Leads.Import;
using FunnelAutomation.Azure.Queues;
using Microsoft.Extensions.Options;

namespace FunnelAutomation.Host.Background;

/// <summary>Listens to <c>leads-intake</c>, <c>customer-actions</c> and <c>leads-import</c>, as the
/// Functions app's queue triggers do. Input that can never succeed goes to the poison queue at once with
/// its reasons; anything else is retried and poisoned after the processor's max dequeue count.</summary>
internal sealed partial class QueueListeners(
    QueueProcessorFactory processors,
    IServiceProvider services,
    IOptions<FunnelHostOptions> options,
    IOptions<QueueTriggerOptions> trigger,
    ILogger<QueueListeners> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(
            Listen(QueueNames.LeadsIntake, ProcessLeadAsync, stoppingToken),
            Listen(QueueNames.CustomerActions, ProcessActionAsync, stoppingToken),
            Listen(QueueNames.LeadsImport, ProcessImportAsync, stoppingToken, ImportOptions(trigger.Value, options.Value), HoldImports));

    /// <summary>The processor with host.json's queue settings; only the lease is the Host's own (Functions renews a
    /// long lease while a message runs; here a short one brings a message back soon after a crash).</summary>
    internal static QueueProcessorOptions ProcessorOptions(QueueTriggerOptions trigger, FunnelHostOptions host)
    {
        var lease = TimeSpan.FromSeconds(host.QueueLeaseSeconds);
        var batch = Math.Clamp(trigger.BatchSize, 1, 32);
        return new QueueProcessorOptions
        {
            BatchSize = batch,
            MaxConcurrency = batch + Math.Max(0, trigger.NewBatchThreshold),
            MaxDequeueCount = Math.Max(1, trigger.MaxDequeueCount),
            RetryDelay = trigger.VisibilityTimeout,
            MaxPollingInterval = trigger.MaxPollingInterval,
            VisibilityTimeout = lease,
        };
    }

    /// <summary>Import batches: few at once (each holds up to 100 rows, run <c>Funnel:Import:RowConcurrency</c> at a time)
    /// and a lease long enough for a whole batch.</summary>
    internal static QueueProcessorOptions ImportOptions(QueueTriggerOptions trigger, FunnelHostOptions host)
    {
        var lease = TimeSpan.FromSeconds(host.ImportLeaseSeconds);
        return ProcessorOptions(trigger, host) with
        {
            BatchSize = host.ImportConcurrency,
            MaxConcurrency = host.ImportConcurrency,
            VisibilityTimeout = lease,
        };
    }

    private bool HoldImports()
    {
        var imports = services.GetRequiredService<LeadImportService>();
        return services.GetRequiredService<LeadImportOptions>().HoldProcessingDuringUploads && imports.UploadsInProgress > 0;
    }

    private async Task Listen(string queue, Func<ReceivedEnvelope, CancellationToken, Task> handler, CancellationToken stoppingToken, QueueProcessorOptions? processorOptions = null, Func<bool>? hold = null)
    {
        var processor = processors(queue, processorOptions ?? ProcessorOptions(trigger.Value, options.Value));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await processor.RunAsync(async (message, ct) =>
                {
                    try
                    {
                        await handler(message, ct).ConfigureAwait(false);
                    }
                    catch (InvalidInputException ex)
                    {
                        throw new NonRetryableMessageException(string.Join("; ", ex.Errors), ex);
                    }
                }, stoppingToken, hold).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is global::Azure.RequestFailedException or HttpRequestException or AggregateException)
            {
                // Storage unreachable: keep trying, the messages wait safely in the queue.
                LogStorageDown(logger, queue, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ProcessLeadAsync(ReceivedEnvelope message, CancellationToken cancellationToken)
    {
        using var scope = services.CreateScope();
        var intake = scope.ServiceProvider.GetRequiredService<LeadIntakeService>();
        await intake.ProcessAsync(message.Envelope.GetPayload<LeadSubmitted>(), cancellationToken).ConfigureAwait(false);
    }

    private async Task ProcessImportAsync(ReceivedEnvelope message, CancellationToken cancellationToken) =>
        await services.GetRequiredService<LeadImportService>().ProcessAsync(message.Envelope.GetPayload<LeadImportBatch>(), cancellationToken).ConfigureAwait(false);

    private async Task ProcessActionAsync(ReceivedEnvelope message, CancellationToken cancellationToken)
    {
        using var scope = services.CreateScope();
        await CustomerActionMessage.RecordAsync(scope.ServiceProvider.GetRequiredService<CustomerActionService>(),
            message.Envelope.GetPayload<Dictionary<string, string?>>(), services.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue}: storage unreachable ({Reason}); retrying")]
    private static partial void LogStorageDown(ILogger logger, string queue, string reason);
}
