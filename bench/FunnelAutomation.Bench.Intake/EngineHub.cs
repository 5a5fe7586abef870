using Azure;
using Azure.Data.Tables;
using FunnelAutomation.Application.Journeys;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Host.Journeys;
using FunnelAutomation.Journeys;
using Microsoft.Extensions.Logging.Abstractions;

namespace FunnelAutomation.Bench.Intake;

/// <summary>The Host's task hub, read from the bench: the engine's own client on the same hub (storage prefix +
/// hub name, as FunnelServices names it) for instance status, and the provider's partition leases for who owns
/// which control queue (its table partition manager's rows). The engine is constructed but never started: nothing is processed from here.</summary>
internal sealed class EngineHub : IAsyncDisposable
{
    public const int Partitions = 4;

    private readonly LocalJourneyEngine _engine;

    private EngineHub(LocalJourneyEngine engine) => _engine = engine;

    public IJourneyInstances Instances => _engine.Instances;

    public static string HubName(string prefix) => prefix + new JourneyHubOptions().HubName;

    public static string QueuePrefix(string prefix) => HubName(prefix).ToLowerInvariant();

    public static EngineHub Open(string connectionString, string prefix) => new(new LocalJourneyEngine(
        connectionString, HubName(prefix), new JourneyHubOptions(), TimeSpan.FromSeconds(1), new JourneyActivities(new Nothing(), new Nothing(), new Nothing()), NullLoggerFactory.Instance));

    /// <summary>Each control-queue partition's owner (worker id) as the provider's table partition manager keeps it
    /// (table <c>{hub}Partitions</c>: one row per control queue, CurrentOwner, NextOwner while it moves, ExpiresAt).
    /// Held means an owner whose lease has not expired.</summary>
    public static async Task<IReadOnlyList<PartitionLease>> ReadLeasesAsync(string connectionString, string prefix)
    {
        var table = new TableServiceClient(connectionString).GetTableClient(HubName(prefix) + "Partitions");
        var leases = new List<PartitionLease>();
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>().ConfigureAwait(false))
            {
                var owner = row.GetString("CurrentOwner");
                var expires = row.GetDateTimeOffset("ExpiresAt");
                leases.Add(new PartitionLease(row.RowKey, owner, row.GetString("NextOwner"), owner is not null && expires > DateTimeOffset.UtcNow));
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Not created yet.
        }

        return leases;
    }

    /// <summary>What the provider's tables hold for one instance, for a journey that is not Running: the Instances
    /// row (status, execution id, generation, created, custom status kept) and each execution in its History with its
    /// last events, so a run says which execution is alive and which one the row names.</summary>
    public static async Task<string> DescribeAsync(string connectionString, string prefix, string instanceId)
    {
        var service = new TableServiceClient(connectionString);
        var row = await service.GetTableClient(HubName(prefix) + "Instances").GetEntityIfExistsAsync<TableEntity>(instanceId, string.Empty).ConfigureAwait(false);
        var text = row.HasValue
            ? $"row {row.Value!.GetString("RuntimeStatus")} exec {row.Value.GetString("ExecutionId")?[..8]} gen {row.Value.GetInt32("Generation")?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"} created {row.Value.GetDateTime("CreatedTime"):HH:mm:ss.fff} updated {row.Value.GetDateTime("LastUpdatedTime"):HH:mm:ss.fff} custom {(row.Value.GetString("CustomStatus") is { Length: > 4 } ? "set" : "none")}"
            : "no row";
        var executions = new List<(string Id, List<string> Events)>();
        await foreach (var e in service.GetTableClient(HubName(prefix) + "History").QueryAsync<TableEntity>(h => h.PartitionKey == instanceId).ConfigureAwait(false))
        {
            var id = e.GetString("ExecutionId") ?? "?";
            if (executions.Count == 0 || executions[^1].Id != id)
            {
                executions.Add((id, []));
            }

            executions[^1].Events.Add(e.RowKey == "sentinel" ? "sentinel" : e.GetString("EventType") ?? "?");
        }

        return text + "; history: " + string.Join(" | ", executions.Select(x => $"exec {x.Id[..Math.Min(8, x.Id.Length)]}: {x.Events.Count} rows, ends {string.Join(",", x.Events.TakeLast(4))}"));
    }

    public ValueTask DisposeAsync() => _engine.DisposeAsync();

    private sealed class Nothing : IJourneyCommandExecutor, IJourneyContextProvider, IJourneyCatchUpSource
    {
        public Task<IReadOnlyList<JourneyInput>> MissedAsync(JourneyStarted started, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The bench's hub reader runs no activities.");

        public Task<IReadOnlyList<JourneyInput>> ExecuteAsync(JourneyCommand command, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The bench's hub reader runs no activities.");

        public Task<JourneyContext> GetAsync(string pipelineId, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The bench's hub reader runs no activities.");
    }
}

internal sealed record PartitionLease(string Partition, string? Owner, string? NextOwner, bool Held);
