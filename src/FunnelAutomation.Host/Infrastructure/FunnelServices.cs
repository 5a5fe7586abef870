using FunnelAutomation.Application;
using FunnelAutomation.Application.Analytics;
using FunnelAutomation.Application.Journeys;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Azure;
using FunnelAutomation.Azure.Composition;
using FunnelAutomation.Azure.Email;
using FunnelAutomation.Host.Journeys;
using FunnelAutomation.Journeys;
using FunnelAutomation.Azure.Queues;
using FunnelAutomation.Host.Background;
using FunnelAutomation.Azure.Leads;

namespace FunnelAutomation.Host.Infrastructure;

/// <summary>The local runtime's composition: the shared core (<see cref="FunnelServiceCollectionExtensions.AddFunnelCore"/>)
/// plus the journey engine and the background work.</summary>
internal static class FunnelServices
{
    public static IServiceCollection AddFunnel(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FunnelHostOptions>(configuration.GetSection(FunnelHostOptions.Section));
        var hostOptions = configuration.GetSection(FunnelHostOptions.Section).Get<FunnelHostOptions>() ?? new FunnelHostOptions();
        var connection = configuration.GetConnectionString("Storage")
            ?? throw new InvalidOperationException("Set ConnectionStrings:Storage (scripts/run.sh sets it to the local Azurite).");
        services.AddFunnelCore(new FunnelHostingSettings(connection, hostOptions.StoragePrefix)
        {
            Funnel = configuration.GetSection(FunnelOptions.Section).Get<FunnelOptions>() ?? new FunnelOptions(),
            SendGrid = configuration.GetSection(SendGridOptions.Section).Get<SendGridOptions>() ?? new SendGridOptions(),
            Analytics = configuration.GetSection(FunnelAnalyticsOptions.Section).Get<FunnelAnalyticsOptions>() ?? new FunnelAnalyticsOptions(),
            SendGridWebhookPublicKey = configuration["SendGrid:WebhookPublicKey"],
        });

        // Journeys run on the Durable Task engine in this process, on the task hub host.json names (prefixed like
        // every table, so several test hosts can share one Azurite).
        var hub = configuration.GetSection(JourneyHubOptions.Section).Get<JourneyHubOptions>() ?? new JourneyHubOptions();
        services.AddSingleton<JourneyActivities>();
        services.AddSingleton(sp => new LocalJourneyEngine(
            connection,
            hostOptions.StoragePrefix + hub.HubName,
            hub,
            TimeSpan.FromSeconds(Math.Max(0.05, hostOptions.JourneyPollingSeconds)),
            sp.GetRequiredService<JourneyActivities>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new DurableJourneyRunner(sp.GetRequiredService<LocalJourneyEngine>().Instances, sp.GetRequiredService<IJourneyRestarts>()));
        services.AddSingleton<IJourneyRunner>(sp => sp.GetRequiredService<DurableJourneyRunner>());
        services.AddSingleton<LeadAcceptor>();
        return services;
    }

    public static IServiceCollection AddFunnelBackgroundWork(this IServiceCollection services)
    {
        services.AddHostedService<StorageInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<LocalJourneyEngine>()); // before the listeners start journeys
        services.AddHostedService<QueueListeners>();
        services.AddHostedService<StalledLeadMonitor>();
        services.AddHostedService<PendingJourneySweeper>();
        return services;
    }
}
