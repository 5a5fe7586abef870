using FunnelAutomation.Host;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace FunnelAutomation.TestSupport;

/// <summary>A private Azurite and the real Host on a free loopback port, with the sample configuration, a function
/// key, its own table/queue prefix and a <see cref="FakeTimeProvider"/> clock: the one Host bootstrap the HTTP,
/// fault and browser tests share. Subclasses add settings and services.</summary>
public abstract class TestHost(string key, DateTimeOffset start) : IAsyncLifetime
{
    private AzuriteServer? _azurite;
    private WebApplication? _app;

    public string FunctionKey { get; } = key;

    public FakeTimeProvider Clock { get; } = new(start);

    public AzuriteServer Azurite => _azurite ?? throw new InvalidOperationException("The test Host has not started.");

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The running Host's services (its endpoints, its options, the journey engine).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The test Host has not started.");

    public static string RepositoryRoot => AzuriteServer.FindRepositoryRoot() ?? throw new InvalidOperationException("Repository root not found.");

    /// <summary>Command-line arguments of the Host (e.g. its web root).</summary>
    protected virtual string[] Arguments => [];

    /// <summary>Extra settings of one fixture (a short rep SLA, a rate limit), applied last.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    /// <summary>What a kind of test Host adds (settings, services, log providers); runs before <see cref="Settings"/>
    /// are added and before the Host's own services.</summary>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    public virtual async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync();
        _app = FunnelHost.Build(Arguments, builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Storage"] = _azurite.ConnectionString,
                ["Host:SamplesPath"] = Path.Combine(RepositoryRoot, "samples"),
                ["Host:StoragePrefix"] = "t" + Guid.NewGuid().ToString("N")[..8],
                ["Host:FunctionKey"] = FunctionKey,
                ["Host:LeadPostsPerMinute"] = "1000000",
            });
            builder.Configuration.AddInMemoryCollection(TestHostSettings.AnyTimeEmail);
            builder.Services.AddSingleton<TimeProvider>(Clock);
            Configure(builder);
            builder.Configuration.AddInMemoryCollection(Settings);
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = NewClient(address);
    }

    /// <summary>A client of this Host that sends the function key.</summary>
    public HttpClient NewClient(string? address = null)
    {
        var client = new HttpClient { BaseAddress = address is null ? Client.BaseAddress : new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("x-functions-key", FunctionKey);
        return client;
    }

    public virtual async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _azurite?.Dispose();
    }
}
