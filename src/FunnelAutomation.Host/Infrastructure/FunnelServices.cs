using FunnelAutomation.Application;
using FunnelAutomation.Application.Actions;
using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Application.Email;
using FunnelAutomation.Application.Journeys;
using FunnelAutomation.Application.Leads;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Azure;
using FunnelAutomation.Azure.Adapters;
using FunnelAutomation.Azure.Email;
using FunnelAutomation.Azure.Journeys;
using FunnelAutomation.Azure.Queues;
using FunnelAutomation.Host.Background;
using FunnelAutomation.Host.Leads;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FunnelAutomation.Host.Infrastructure;

/// <summary>Wires the ports to Azure Storage and the use cases on top: the same composition the
/// Functions app uses, minus the Durable runner.</summary>
internal static class FunnelServices
{
    public static IServiceCollection AddFunnel(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FunnelHostOptions>(configuration.GetSection(FunnelHostOptions.Section));
        services.AddSingleton(configuration.GetSection(FunnelOptions.Section).Get<FunnelOptions>() ?? new FunnelOptions());
        services.AddSingleton(configuration.GetSection(SendGridOptions.Section).Get<SendGridOptions>() ?? new SendGridOptions());
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton(sp =>
        {
            var connection = configuration.GetConnectionString("Storage")
                ?? throw new InvalidOperationException("Set ConnectionStrings:Storage (scripts/run.sh sets it to the local Azurite).");
            return new FunnelStorage(connection, sp.GetRequiredService<IOptions<FunnelHostOptions>>().Value.StoragePrefix, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<ILeadStore>(sp =>
        {
            var storage = sp.GetRequiredService<FunnelStorage>();
            return new TableLeadStore(storage.Leads, storage.TableClient(storage.Names.LeadOwners));
        });
        services.AddSingleton<IRepStore>(sp => new TableRepStore(sp.GetRequiredService<FunnelStorage>().Reps));
        services.AddSingleton<IRoutingStateStore>(sp =>
        {
            var storage = sp.GetRequiredService<FunnelStorage>();
            return new TableRoutingStateStore(storage.TableClient(storage.Names.RoutingState));
        });
        services.AddSingleton<IConfigStore>(sp => new TableConfigStore(sp.GetRequiredService<FunnelStorage>().ConfigDocuments, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IActionStore>(sp => new TableActionStore(sp.GetRequiredService<FunnelStorage>().Actions));
        services.AddSingleton<IIdempotencyGuard>(sp => new TableIdempotencyGuard(sp.GetRequiredService<FunnelStorage>().Idempotency, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISuppressionList>(sp => new TableSuppressionList(sp.GetRequiredService<FunnelStorage>().Suppressions, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => EmailSenderFactory.Create(
            sp.GetRequiredService<SendGridOptions>(),
            sp.GetRequiredService<ISuppressionList>(),
            sp.GetRequiredService<IIdempotencyGuard>(),
            sp.GetRequiredService<FunnelStorage>().SentEmails,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));

        services.AddSingleton<ConfigurationService>();
        services.AddSingleton<EmailRenderer>();
        services.AddSingleton<IJourneyContextProvider, JourneyContextProvider>();
        services.AddSingleton<IJourneyCommandExecutor, JourneyCommandExecutor>();
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
        services.AddSingleton<LeadIntakeService>();
        services.AddSingleton<CustomerActionService>();
        services.AddSingleton<UnsubscribeService>();
        services.AddSingleton<LeadAcceptor>();
        return services;
    }

    public static IServiceCollection AddFunnelBackgroundWork(this IServiceCollection services)
    {
        services.AddHostedService<StorageInitializer>();
        services.AddHostedService<QueueListeners>();
        services.AddHostedService<JourneyTimerSweeper>();
        return services;
    }
}
