using FunnelAutomation.Application;
using FunnelAutomation.Application.Actions;
using FunnelAutomation.Application.Leads;
using FunnelAutomation.Azure;
using FunnelAutomation.Azure.Queues;
using Microsoft.Extensions.Options;

namespace FunnelAutomation.Host.Background;

/// <summary>Listens to <c>leads-intake</c> and <c>customer-actions</c>, as the
/// Functions app's queue triggers do. Input that can never succeed goes to the poison queue at once with
/// its reasons; anything else is retried and poisoned after the processor's max dequeue count.</summary>
internal sealed partial class QueueListeners(
    FunnelStorage storage,
    IServiceProvider services,
    IOptions<FunnelHostOptions> options,
    ILogger<QueueListeners> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(
            Listen(QueueNames.LeadsIntake, ProcessLeadAsync, TimeSpan.Zero, stoppingToken),
            Listen(QueueNames.CustomerActions, ProcessActionAsync, TimeSpan.Zero, stoppingToken));

    private async Task Listen(string queue, Func<ReceivedEnvelope, CancellationToken, Task> handler, TimeSpan retryDelay, CancellationToken stoppingToken)
    {
        var lease = TimeSpan.FromSeconds(options.Value.QueueLeaseSeconds);
        var processor = storage.Processor(queue, new QueueProcessorOptions
        {
            VisibilityTimeout = lease,
            IdempotencyLease = lease,
            RetryDelay = retryDelay,
            MaxConcurrency = Math.Max(1, options.Value.QueueConcurrency),
            BatchSize = Math.Clamp(options.Value.QueueConcurrency, 1, 32),
        });
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
                }, stoppingToken).ConfigureAwait(false);
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

    private async Task ProcessActionAsync(ReceivedEnvelope message, CancellationToken cancellationToken)
    {
        using var scope = services.CreateScope();
        await CustomerActionMessage.RecordAsync(scope.ServiceProvider.GetRequiredService<CustomerActionService>(),
            message.Envelope.GetPayload<Dictionary<string, string?>>(), services.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue}: storage unreachable ({Reason}); retrying")]
    private static partial void LogStorageDown(ILogger logger, string queue, string reason);
}
