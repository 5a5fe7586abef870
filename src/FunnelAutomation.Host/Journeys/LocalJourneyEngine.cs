using DurableTask.AzureStorage;
using DurableTask.Core;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Journeys;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Options;

namespace FunnelAutomation.Host.Journeys;

/// <summary>The Durable Task engine in the local Host: DurableTask.Core's <see cref="TaskHubWorker"/> on the
/// Azure Storage provider (the one Durable Functions runs with <c>storageProvider: AzureStorage</c>) over Azurite,
/// running the shared <see cref="JourneyOrchestrator"/> and <see cref="JourneyActivities"/> through the SDK's
/// public shims. Several Hosts on one storage account and hub share its partitions, as Function App instances do.</summary>
public sealed partial class LocalJourneyEngine : IHostedService, IAsyncDisposable
{
    private readonly AzureStorageOrchestrationService _service;
    private readonly TaskHubWorker _worker;
    private readonly ILogger<LocalJourneyEngine> _logger;

    public LocalJourneyEngine(
        string connectionString,
        string hubName,
        JourneyHubOptions hub,
        TimeSpan pollingInterval,
        JourneyActivities activities,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(activities);
        _logger = loggerFactory.CreateLogger<LocalJourneyEngine>();
        HubName = hubName;
        Hub = hub;
        _service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            // Azurite on custom ports needs its explicit connection string (UseDevelopmentStorage=true means 10000-10002).
            StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
            TaskHubName = hubName,
            PartitionCount = hub.StorageProvider.PartitionCount,
            MaxQueuePollingInterval = pollingInterval,
            ControlQueueVisibilityTimeout = hub.StorageProvider.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = hub.StorageProvider.WorkItemQueueVisibilityTimeout,
            WorkerId = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}",
            LoggerFactory = loggerFactory,
        });

        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = Converter }, loggerFactory);
        _worker = new TaskHubWorker(_service, loggerFactory);
        _worker.AddTaskOrchestrations(new ShimOrchestrationCreator(shims));
        _worker.AddTaskActivities(
            Activity<JourneyTurnRequest, JourneyTurnResult>(shims, JourneyNames.DecideActivity, activities.DecideAsync));
        Client = new TaskHubClient(_service, new SdkPayloadConverter(Converter), loggerFactory);
        Instances = new TaskHubJourneyInstances(Client, _service, Converter);
    }

    /// <summary>The payload format of the Durable Task SDK (System.Text.Json), used by the worker and the client
    /// alike: the orchestrator reads what the client wrote.</summary>
    public static DataConverter Converter { get; } = Microsoft.DurableTask.Converters.JsonDataConverter.Default;

    public string HubName { get; }

    /// <summary>The task hub settings in force (from host.json).</summary>
    public JourneyHubOptions Hub { get; }

    public TaskHubClient Client { get; }

    public IJourneyInstances Instances { get; }

    /// <summary>The orchestration service, for tests and benches that look at partitions and leases.</summary>
    public AzureStorageOrchestrationService Service => _service;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _service.CreateIfNotExistsAsync().ConfigureAwait(false);
        await _worker.StartAsync().ConfigureAwait(false);
        LogStarted(_logger, HubName, Hub.StorageProvider.PartitionCount, Hub.StorageProvider.ControlQueueVisibilityTimeout, Hub.StorageProvider.WorkItemQueueVisibilityTimeout);
    }

    /// <summary>Stops taking work; an activity still running past the host's shutdown timeout is left to the
    /// engine (its message reappears for another worker after the visibility timeout).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _worker.StopAsync(isForced: true).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogStopTimedOut(_logger, HubName);
        }
    }

    public ValueTask DisposeAsync()
    {
        _worker.Dispose();
        return ValueTask.CompletedTask;
    }

    private static NameValueObjectCreator<TaskActivity> Activity<TIn, TOut>(
        DurableTaskShimFactory shims, string name, Func<TIn, CancellationToken, Task<TOut>> run) =>
        new(name, string.Empty, shims.CreateActivity<TIn, TOut>(name, async (_, input) =>
            await run(input ?? throw new InvalidOperationException($"Activity {name} was called without an input."), CancellationToken.None).ConfigureAwait(false)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journey engine on task hub {HubName} did not stop within the shutdown timeout")]
    private static partial void LogStopTimedOut(ILogger logger, string hubName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Journey engine started on task hub {HubName}: {Partitions} partitions, message visibility {ControlVisibility} (control) / {WorkItemVisibility} (work items)")]
    private static partial void LogStarted(ILogger logger, string hubName, int partitions, TimeSpan controlVisibility, TimeSpan workItemVisibility);

    /// <summary>A fresh orchestration shim for every execution: a shim holds one run's state.</summary>
    private sealed class ShimOrchestrationCreator : ObjectCreator<TaskOrchestration>
    {
        private readonly DurableTaskShimFactory _shims;

        public ShimOrchestrationCreator(DurableTaskShimFactory shims)
        {
            _shims = shims;
            Name = JourneyNames.Orchestrator;
            Version = string.Empty;
        }

        public override TaskOrchestration Create() => _shims.CreateOrchestration(JourneyNames.Orchestrator, new JourneyOrchestrator());
    }
}
