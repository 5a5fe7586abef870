using System.Collections.Concurrent;
using FunnelAutomation.Azure;
using FunnelAutomation.TestSupport;
using FunnelAutomation.Core.Leads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace FunnelAutomation.Host.Tests.Faults;

/// <summary>Like <see cref="HostFixture"/> (real Azurite, real Host on a free port, fake clock), but with
/// per-fixture settings and every log entry captured. HostFixture's settings are fixed, and the fault tests
/// need a low rate limit in one place and a raised one in another.</summary>
public abstract class FaultHost : IAsyncLifetime
{
    private AzuriteServer? _azurite;
    private WebApplication? _app;

    public FakeTimeProvider Clock { get; } = new(HostFixture.Start);

    public HttpClient Client { get; private set; } = null!;

    public CapturedLogs Logs { get; } = new();

    public AzuriteServer Azurite => _azurite!;

    public FunnelStorage Storage => _app!.Services.GetRequiredService<FunnelStorage>();

    public IServiceProvider Services => _app!.Services;

    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Storage"] = _azurite.ConnectionString,
            ["Host:SamplesPath"] = Path.Combine(HostFixture.RepositoryRoot, "samples"),
            ["Host:StoragePrefix"] = "f" + Guid.NewGuid().ToString("N")[..8],
            ["Host:FunctionKey"] = HostFixture.Key,
            ["Host:LeadPostsPerMinute"] = "1000000",
            ["Host:MaxLeadBodyBytes"] = "4096",
            // The shipped levels (src/FunnelAutomation.Host/appsettings.json), stated here so the test does not
            // depend on which appsettings file lands in the test output.
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Azure"] = "Warning",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        };
        foreach (var (key, value) in HostFixture.AnyTimeEmail.Concat(Settings))
        {
            settings[key] = value;
        }

        _app = FunnelHost.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton<TimeProvider>(Clock);
            builder.Logging.AddProvider(Logs);
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = NewClient(address);
    }

    public HttpClient NewClient(string? address = null)
    {
        var client = new HttpClient { BaseAddress = address is null ? Client.BaseAddress : new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("x-functions-key", HostFixture.Key);
        return client;
    }

    public async Task<List<Lead>> AllLeadsAsync()
    {
        var leads = new List<Lead>();
        await foreach (var lead in Storage.Leads.ListAllAsync())
        {
            leads.Add(lead);
        }

        return leads;
    }

    public virtual async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _azurite?.Dispose();
    }
}

/// <summary>Keeps every log entry: level, category, the formatted message and each state value.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Text)> _entries = new();

    public IReadOnlyCollection<(LogLevel Level, string Category, string Text)> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception);
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                text += " | " + string.Join(" | ", values.Select(v => $"{v.Key}={v.Value}"));
            }

            if (exception is not null)
            {
                text += " | " + exception;
            }

            owner._entries.Enqueue((logLevel, category, text));
        }
    }
}

public sealed class FuzzHost : FaultHost;

public sealed class RateLimitedHost : FaultHost
{
    public const int Limit = 5;
    public const int WindowSeconds = 2;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Host:LeadPostsPerMinute"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Host:LeadPostWindowSeconds"] = WindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
