using Azure.Data.Tables;
using FunnelAutomation.Azure.Idempotency;
using FunnelAutomation.Azure.Queues;

namespace FunnelAutomation.Bench.Queues;

/// <summary>Option a: our <see cref="QueueProcessor"/> with the envelope-id claim, run as QueueListeners runs it.</summary>
internal sealed class OurListener(string connectionString, string queueName, TableClient claims, TriggerSettings settings, BenchHandler handler) : IListenerUnderTest
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;

    public Task StartAsync()
    {
        var processor = new QueueProcessor(connectionString, queueName, settings.ForQueueProcessor(), new IdempotencyStore(claims));
        _running = processor.RunAsync((message, _) => handler.HandleAsync(message.Envelope.Id), _stop.Token);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_running is not null)
        {
            await _running.ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}

internal interface IListenerUnderTest : IAsyncDisposable
{
    Task StartAsync();
}
