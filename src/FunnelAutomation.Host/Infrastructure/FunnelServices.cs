using FunnelAutomation.Application;
using FunnelAutomation.Application.Analytics;
using FunnelAutomation.Application.Journeys;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Azure;
using FunnelAutomation.Azure.Composition;
using FunnelAutomation.Azure.Email;
using FunnelAutomation.Azure.Journeys;
using FunnelAutomation.Azure.Queues;
using FunnelAutomation.Host.Background;
using FunnelAutomation.Azure.Leads;

namespace FunnelAutomation.Host.Infrastructure;

/// <summary>The local runtime's composition: the shared core (<see cref="FunnelServiceCollectionExtensions.AddFunnelCore"/>)
/// plus the table-and-queue journey runner and the background work.</summary>
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

        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<FunnelStorage>();
            return new LocalJourneyRunner(
                storage.Journey<JourneyRecord>(),
                new JourneyTimerTable(storage.TableClient(storage.Names.JourneyTimers)),
                storage.Sender(QueueNames.JourneyEvents),
                sp.GetRequiredService<IJourneyContextProvider>(),
                sp.GetRequiredService<IJourneyCommandExecutor>(),
                sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IJourneyRunner>(sp => sp.GetRequiredService<LocalJourneyRunner>());
        services.AddSingleton<LeadAcceptor>();
        return services;
    }

    public static IServiceCollection AddFunnelBackgroundWork(this IServiceCollection services)
    {
        services.AddHostedService<StorageInitializer>();
        services.AddHostedService<QueueListeners>();
        services.AddHostedService<JourneyTimerSweeper>();
        services.AddHostedService<StalledLeadMonitor>();
        return services;
    }
}
