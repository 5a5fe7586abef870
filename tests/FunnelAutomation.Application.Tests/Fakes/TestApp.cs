using FunnelAutomation.TestSupport;
using FunnelAutomation.Application.Actions;
using FunnelAutomation.Application.Analytics;
using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Application.Email;
using FunnelAutomation.Application.Journeys;
using FunnelAutomation.Application.Leads;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FunnelAutomation.Application.Tests.Fakes;

/// <summary>The use cases wired over in-memory ports and a fake clock, seeded with the sample configuration.</summary>
internal sealed class TestApp
{
    private TestApp()
    {
        Configuration = new ConfigurationService(Stores, Stores, Options, Clock, WinModels);
        Intake = new LeadIntakeService(Stores, Stores, Stores, Stores, Stores, Configuration, Clock, NullLogger<LeadIntakeService>.Instance, Stores);
        Analytics = new FunnelAnalyticsService(new InMemoryFunnelProjectionStore(), Stores, Configuration, Clock);
        Actions = new CustomerActionService(Stores, Stores, Stores, Configuration, Clock, Analytics);
        Executor = new JourneyCommandExecutor(Stores, Stores, Stores, Stores, Stores, Configuration, new EmailRenderer(), Options, Clock, Analytics, Stores);
        Unsubscribe = new UnsubscribeService(Stores, Stores, Actions, Stores, Options, Clock, Analytics);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero));

    public InMemoryStores Stores { get; } = new();

    /// <summary>No model is active unless a test activates one: then the rules blend with it.</summary>
    public MemoryWinModels WinModels { get; } = new();

    public FunnelOptions Options { get; } = new();

    public ConfigurationService Configuration { get; }

    public LeadIntakeService Intake { get; }

    public CustomerActionService Actions { get; }

    public JourneyCommandExecutor Executor { get; }

    public FunnelAnalyticsService Analytics { get; }

    public UnsubscribeService Unsubscribe { get; }

    public static async Task<TestApp> CreateAsync()
    {
        var app = new TestApp();
        await app.Configuration.SeedAsync(Path.Combine(AppContext.BaseDirectory, "samples"), CancellationToken.None);
        return app;
    }

    public static LeadSubmitted Form(string id, params (string Key, string? Value)[] fields) =>
        new(id, fields.ToDictionary(f => f.Key, f => f.Value), new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero));
}
