using System.Collections.Concurrent;
using FunnelAutomation.Azure;
using FunnelAutomation.TestSupport;
using FunnelAutomation.Core.Leads;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunnelAutomation.Host.Tests.Faults;

/// <summary>The shared <see cref="TestHost"/> with every log entry captured and the shipped log levels; fixtures
/// set their own limits (a low rate limit in one place, a raised one in another).</summary>
public abstract class FaultHost() : TestHost(HostFixture.Key, HostFixture.Start)
{
    public CapturedLogs Logs { get; } = new();

    /// <summary>Spans and product metrics, for the privacy test.</summary>
    public Telemetry.CapturedTelemetry Telemetry { get; } = new();

    public FunnelStorage Storage => Services.GetRequiredService<FunnelStorage>();

    protected override void Configure(WebApplicationBuilder builder)
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Host:MaxLeadBodyBytes"] = "4096",
            // The shipped levels (src/FunnelAutomation.Host/appsettings.json), stated here so the test does not
            // depend on which appsettings file lands in the test output.
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Azure"] = "Warning",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        });
        builder.Logging.AddProvider(Logs);
        Telemetry.AddTo(builder.Services);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Telemetry.Dispose();
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

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => new Dictionary<string, string?>
    {
        ["Host:LeadPostsPerMinute"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Host:LeadPostWindowSeconds"] = WindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
