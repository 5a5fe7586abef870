using FunnelAutomation.TestSupport;

namespace FunnelAutomation.Azure.Tests;

/// <summary>One private Azurite (from node_modules, on free ports, in memory) shared by every test in
/// <see cref="UsesAzurite"/>. Tests isolate themselves with <see cref="NewPrefix"/>.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? _server;
    private int _counter;

    public AzuriteServer Server => _server ?? throw new InvalidOperationException("Azurite has not started.");

    public string ConnectionString => Server.ConnectionString;

    /// <summary>A fresh table/queue name prefix, so tests never see each other's rows or messages.</summary>
    public string NewPrefix() => $"t{Interlocked.Increment(ref _counter)}x{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>A <see cref="FunnelStorage"/> on fresh tables and queues, created and ready.</summary>
    public async Task<FunnelStorage> NewStorageAsync(TimeProvider? time = null)
    {
        var storage = new FunnelStorage(ConnectionString, NewPrefix(), time);
        await storage.InitializeAsync();
        return storage;
    }

    public async Task InitializeAsync() => _server = await AzuriteServer.StartAsync();

    public Task DisposeAsync()
    {
        _server?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class UsesAzurite : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
