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
        // Bound and checked at start: a bad value stops the Host with the setting's name, not a failure later.
        services.AddOptions<FunnelHostOptions>().BindConfiguration(FunnelHostOptions.Section)
            .Validate(o => o.QueueLeaseSeconds > 0, "Host:QueueLeaseSeconds must be more than 0")
            .Validate(o => o.JourneyPollingSeconds > 0, "Host:JourneyPollingSeconds must be more than 0")
            .Validate(o => o.LeadPostsPerMinute > 0 && o.LeadPostWindowSeconds > 0, "Host:LeadPostsPerMinute and Host:LeadPostWindowSeconds must be more than 0")
            .Validate(o => o.StalledCheckMinutes > 0, "Host:StalledCheckMinutes must be more than 0")
            .Validate(o => o.WinModelRetrainHours > 0, "Host:WinModelRetrainHours must be more than 0")
            .Validate(o => o.ImportConcurrency is >= 1 and <= 32 && o.ImportLeaseSeconds > 0, "Host:ImportConcurrency must be 1 to 32 and Host:ImportLeaseSeconds more than 0")
            .ValidateOnStart();
        services.AddOptions<QueueTriggerOptions>().BindConfiguration(QueueTriggerOptions.Section)
            .Validate(o => o.BatchSize is >= 1 and <= 32, "extensions:queues:batchSize in host.json must be 1 to 32")
            .Validate(o => o.MaxDequeueCount >= 1, "extensions:queues:maxDequeueCount in host.json must be at least 1")
            .Validate(o => o.VisibilityTimeout >= TimeSpan.Zero && o.MaxPollingInterval > TimeSpan.Zero, "extensions:queues:visibilityTimeout and maxPollingInterval in host.json must be positive")
            .ValidateOnStart();
        var hostOptions = configuration.GetSection(FunnelHostOptions.Section).Get<FunnelHostOptions>() ?? new FunnelHostOptions();
        var connection = configuration.GetConnectionString("Storage")
            ?? throw new InvalidOperationException("Set ConnectionStrings:Storage (scripts/run.sh sets it to the local Azurite).");
        services.AddFunnelCore(new FunnelHostingSettings(connection, hostOptions.StoragePrefix)
        {
            Funnel = configuration.GetSection(FunnelOptions.Section).Get<FunnelOptions>() ?? new FunnelOptions(),
            SendGrid = configuration.GetSection(SendGridOptions.Section).Get<SendGridOptions>() ?? new SendGridOptions(),
            Analytics = configuration.GetSection(FunnelAnalyticsOptions.Section).Get<FunnelAnalyticsOptions>() ?? new FunnelAnalyticsOptions(),
            Import = configuration.GetSection(Application.Leads.Import.LeadImportOptions.Section).Get<Application.Leads.Import.LeadImportOptions>() ?? new Application.Leads.Import.LeadImportOptions(),
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
        services.AddSingleton(sp => new DurableJourneyRunner(
            sp.GetRequiredService<LocalJourneyEngine>().Instances,
            sp.GetRequiredService<IJourneyRestarts>(),
            sp.GetRequiredService<JourneyActivities>(),
            sp.GetRequiredService<ILogger<DurableJourneyRunner>>(),
            TimeProvider.System)); // the engine's clock: its timers fire on the wall clock
        services.AddSingleton<IJourneyRunner>(sp => sp.GetRequiredService<DurableJourneyRunner>());
        return services;
    }

    public static IServiceCollection AddFunnelBackgroundWork(this IServiceCollection services)
    {
        services.AddHostedService<StorageInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<LocalJourneyEngine>()); // before the listeners start journeys
        services.AddSingleton<QueueProcessorFactory>(sp =>
        {
            var storage = sp.GetRequiredService<FunnelStorage>();
            // No claim per message: the handlers are idempotent by submission, action and batch id, which is all the
            // Functions queue triggers have too. A claim and its completion cost two requests per message (issue 14).
            return (queue, options) => storage.Processor(queue, options, idempotent: false);
        });
        services.AddHostedService<QueueListeners>();
        services.AddHostedService<StalledLeadMonitor>();
        services.AddHostedService<WinModelRetrainer>();
        services.AddHostedService<PendingJourneySweeper>();
        return services;
    }
}
