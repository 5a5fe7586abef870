using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using FunnelAutomation.Azure.Idempotency;
using FunnelAutomation.Azure.Queues;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunnelAutomation.Bench.Queues;

/// <summary>Option b: the listener the Functions host runs (WebJobs SDK 3.0.48 + Extensions.Storage.Queues 5.3.10),
/// a plain <c>HostBuilder().ConfigureWebJobs(b => b.AddAzureStorageQueues(...))</c> with one <c>[QueueTrigger]</c>
/// function; with <paramref name="glue"/> false the function only parses the envelope and calls the handler.</summary>
internal sealed class WebJobsListener(string connectionString, string queueName, TableClient claims, TriggerSettings settings, BenchHandler handler, bool glue, bool verbose) : IListenerUnderTest
{
    private IHost? _host;

    public async Task StartAsync()
    {
        var run = new WebJobsRun(
            handler,
            queueName,
            glue ? new WebJobsEnvelopeGlue(QueueClients.ForSending(connectionString, QueueNames.Poison(queueName)), new IdempotencyStore(claims), TriggerSettings.HostLease, TimeProvider.System) : null);
        _host = new HostBuilder()
            .ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = connectionString,
                ["BenchQueue"] = queueName,
            }))
            .ConfigureWebJobs(b => b.AddAzureStorageQueues(o =>
            {
                o.BatchSize = settings.BatchSize;
                o.NewBatchThreshold = settings.NewBatchThreshold;
                o.MaxDequeueCount = settings.MaxDequeueCount;
                o.VisibilityTimeout = settings.VisibilityTimeout;
                o.MaxPollingInterval = settings.MaxPollingInterval;
                o.MessageEncoding = QueueMessageEncoding.Base64;
            }))
            .ConfigureLogging(l =>
            {
                l.ClearProviders();
                if (verbose)
                {
                    l.AddSimpleConsole().SetMinimumLevel(LogLevel.Information);
                }
            })
            .ConfigureServices(s =>
            {
                s.AddSingleton(run);
                s.AddSingleton<ITypeLocator>(new OneTypeLocator(typeof(WebJobsFunctions)));
            })
            .Build();
        await _host.StartAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync().ConfigureAwait(false);
            _host.Dispose();
        }
    }

    private sealed class OneTypeLocator(Type type) : ITypeLocator
    {
        public IReadOnlyList<Type> GetTypes() => [type];
    }
}

public sealed class WebJobsRun
{
    internal WebJobsRun(BenchHandler handler, string queueName, WebJobsEnvelopeGlue? glue)
    {
        Handler = handler;
        QueueName = queueName;
        Glue = glue;
    }

    internal BenchHandler Handler { get; }

    internal string QueueName { get; }

    internal WebJobsEnvelopeGlue? Glue { get; }
}

/// <summary>The function the WebJobs host indexes (public, found through <see cref="ITypeLocator"/>).</summary>
public sealed class WebJobsFunctions(WebJobsRun run)
{
    public Task Run([QueueTrigger("%BenchQueue%")] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (run.Glue is not null)
        {
            return run.Glue.RunAsync(message, run.QueueName, (m, _) => run.Handler.HandleAsync(m.Envelope.Id), cancellationToken);
        }

        // Bare: a body that is not an envelope throws, so the SDK retries it maxDequeueCount times before poisoning.
        return MessageEnvelope.TryParse(message.MessageText, out var envelope, out var error) && envelope is not null
            ? run.Handler.HandleAsync(envelope.Id)
            : throw new InvalidOperationException(error);
    }
}
