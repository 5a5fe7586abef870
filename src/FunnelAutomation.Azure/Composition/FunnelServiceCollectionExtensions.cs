using FunnelAutomation.Application;
using FunnelAutomation.Application.Actions;
using FunnelAutomation.Application.Analytics;
using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Application.Email;
using FunnelAutomation.Application.Journeys;
using FunnelAutomation.Application.Leads;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Application.Reps;
using FunnelAutomation.Azure.Adapters;
using FunnelAutomation.Azure.Analytics;
using FunnelAutomation.Azure.Email;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace FunnelAutomation.Azure.Composition;

/// <summary>What both hosts (the local Host and the Functions app) need, wired once: the ports on Azure
/// Storage and SendGrid, and the use cases on top. Each host adds only its journey runner and its
/// triggers or endpoints. <see cref="FunnelStorage"/> is resolved only here, in the composition: every component
/// gets the one store or queue it uses, not the whole account.</summary>
public static class FunnelServiceCollectionExtensions
{
    public static IServiceCollection AddFunnelCore(this IServiceCollection services, FunnelHostingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(settings.Funnel);
        services.AddSingleton(settings.SendGrid);
        services.AddSingleton(settings.Analytics);
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton(sp => new FunnelStorage(settings.StorageConnectionString, settings.StoragePrefix, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new FunnelProjectionTableStore(settings.StorageConnectionString, settings.StoragePrefix));
        services.AddSingleton<IFunnelProjectionStore>(sp => sp.GetRequiredService<FunnelProjectionTableStore>());
        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<FunnelStorage>();
            return new TableLeadStore(storage.Leads, storage.TableClient(storage.Names.LeadOwners));
        });
        services.AddSingleton<ILeadStore>(sp => new ProjectedLeadStore(sp.GetRequiredService<TableLeadStore>(), sp.GetRequiredService<FunnelAnalyticsService>()));
        services.AddSingleton<IRepStore>(sp => sp.GetRequiredService<FunnelStorage>().Reps);
        services.AddSingleton<IRoutingStateStore>(sp =>
        {
            var storage = sp.GetRequiredService<FunnelStorage>();
            return new TableRoutingStateStore(storage.TableClient(storage.Names.RoutingState));
        });
        services.AddSingleton<ISentEmailLog>(sp => sp.GetRequiredService<FunnelStorage>().SentEmails);
        services.AddSingleton(sp => new Leads.LeadAcceptor(
            sp.GetRequiredService<FunnelStorage>().Sender(Queues.QueueNames.LeadsIntake, Queues.QueueClients.RequestPath),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(settings.Import);
        services.AddSingleton<Application.Leads.Import.ILeadImportStore>(sp =>
        {
            var storage = sp.GetRequiredService<FunnelStorage>();
            return new Leads.LeadImportTableStore(storage.TableClient(storage.Names.LeadImports));
        });
        services.AddSingleton<Application.Leads.Import.ILeadImportSender>(sp => new Leads.LeadImportSender(
            sp.GetRequiredService<FunnelStorage>().Sender(Queues.QueueNames.LeadsImport, Queues.QueueClients.RequestPath)));
        services.AddSingleton<Application.Leads.Import.LeadImportService>();
        services.AddSingleton(sp => sp.GetRequiredService<FunnelStorage>().Names);
        services.AddSingleton<Queues.QueueHealthProbe>();
        services.AddSingleton<IConfigStore>(sp => new TableConfigStore(sp.GetRequiredService<FunnelStorage>().ConfigDocuments, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IActionStore>(sp => sp.GetRequiredService<FunnelStorage>().Actions);
        services.AddSingleton<ILeadEventLog>(sp => sp.GetRequiredService<FunnelStorage>().LeadEvents);
        services.AddSingleton<IIdempotencyGuard>(sp => new TableIdempotencyGuard(sp.GetRequiredService<FunnelStorage>().Idempotency, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISuppressionList>(sp => sp.GetRequiredService<FunnelStorage>().Suppressions);
        services.AddSingleton(sp => EmailSenderFactory.Create(
            sp.GetRequiredService<SendGridOptions>(),
            sp.GetRequiredService<ISuppressionList>(),
            sp.GetRequiredService<IIdempotencyGuard>(),
            sp.GetRequiredService<FunnelStorage>().SentEmails,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));

        services.AddSingleton<ConfigurationService>();
        // Win model: versions in the configuration-documents table, trained by ML.NET, activated by the policy.
        services.AddSingleton<Application.Learning.IWinModelStore>(sp => new Learning.TableWinModelStore(sp.GetRequiredService<FunnelStorage>().ConfigDocuments));
        services.AddSingleton<Application.Learning.IWinModelTrainer>(new FunnelAutomation.Learning.MlNetWinModelTrainer(new FunnelAutomation.Learning.WinTrainingOptions()));
        services.TryAddSingleton(Core.Learning.WinActivationPolicy.Default);
        services.AddSingleton<Application.Learning.WinModelService>();
        services.AddSingleton<FunnelAnalyticsService>();
        services.AddSingleton<StalledLeadAlerts>();
        services.AddSingleton<EmailRenderer>();
        services.AddSingleton<IJourneyContextProvider, JourneyContextProvider>();
        services.TryAddSingleton<IJourneyCommandExecutor, JourneyCommandExecutor>(); // a test may wrap it
        services.AddSingleton<LeadIntakeService>();
        services.AddSingleton<CustomerActionService>();
        services.AddSingleton<UnsubscribeService>();
        services.AddSingleton<RepLinks>();
        services.AddSingleton<EmailEventService>();
        services.AddSingleton<IJourneyRestarts, LeadJourneyRestarts>();
        services.AddSingleton<IJourneyCatchUpSource, JourneyCatchUpSource>();
        services.AddSingleton<SequencePreviewService>();
        services.AddSingleton<Application.Replay.WhatIfReplayService>();
        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<FunnelStorage>();
            return new Privacy.PersonalDataEraser(storage.Leads, storage.Actions, storage.SentEmails, sp.GetRequiredService<IJourneyRunner>(), storage.Suppressions, sp.GetRequiredService<TimeProvider>(), storage.Idempotency, storage.LeadEvents);
        });
        if (!string.IsNullOrWhiteSpace(settings.SendGridWebhookPublicKey))
        {
            services.AddSingleton(sp => new SendGridWebhookVerifier(settings.SendGridWebhookPublicKey, sp.GetRequiredService<TimeProvider>()));
        }

        return services;
    }

    /// <summary>Creates every table and queue (including the analytics tables), and the queue gauges.</summary>
    public static async Task InitializeFunnelStorageAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        await services.GetRequiredService<FunnelStorage>().InitializeAsync(cancellationToken).ConfigureAwait(false);
        await services.GetRequiredService<FunnelProjectionTableStore>().InitializeAsync(cancellationToken).ConfigureAwait(false);
        services.GetRequiredService<Queues.QueueHealthProbe>(); // its queue gauges exist from the start
    }
}
