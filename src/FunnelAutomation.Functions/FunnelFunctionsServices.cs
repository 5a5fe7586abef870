using FunnelAutomation.Api;
using FunnelAutomation.Api.Dashboard;
using FunnelAutomation.Application;
using FunnelAutomation.Application.Analytics;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Azure;
using FunnelAutomation.Azure.Composition;
using FunnelAutomation.Azure.Email;
using FunnelAutomation.Azure.Leads;
using FunnelAutomation.Azure.Queues;
using FunnelAutomation.Azure.Storage;
using FunnelAutomation.Functions.Journeys;
using FunnelAutomation.Journeys;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;

namespace FunnelAutomation.Functions;

/// <summary>The Function App's composition: the shared core (<see cref="FunnelServiceCollectionExtensions.AddFunnelCore"/>)
/// bound from the app settings in <see cref="AppSettingNames"/>, plus the Durable journey runner.</summary>
public static class FunnelFunctionsServices
{
    /// <summary>Configuration section of the API's settings (<see cref="ApiOptions"/>) in the app settings.</summary>
    public const string ApiSection = "Api";

    public static IServiceCollection AddFunnelFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connection = configuration["Storage:ConnectionString"];
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new InvalidOperationException($"Set {AppSettingNames.StorageConnectionString} (locally: UseDevelopmentStorage=true).");
        }

        services.AddFunnelApi(ApiSection);

        // In app settings the allowed origins are one comma-separated value (Api__AllowedOrigins).
        services.PostConfigure<ApiOptions>(api =>
        {
            if (configuration[ApiSection + ":AllowedOrigins"] is { Length: > 0 } list)
            {
                api.AllowedOrigins = list.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }
        });
        services.AddFunnelCore(new FunnelHostingSettings(connection, configuration["Storage:NamePrefix"] ?? string.Empty)
        {
            Funnel = configuration.GetSection(FunnelOptions.Section).Get<FunnelOptions>() ?? new FunnelOptions(),
            SendGrid = configuration.GetSection(SendGridOptions.Section).Get<SendGridOptions>() ?? new SendGridOptions(),
            Analytics = configuration.GetSection(FunnelAnalyticsOptions.Section).Get<FunnelAnalyticsOptions>() ?? new FunnelAnalyticsOptions(),
            Import = configuration.GetSection(Application.Leads.Import.LeadImportOptions.Section).Get<Application.Leads.Import.LeadImportOptions>() ?? new Application.Leads.Import.LeadImportOptions(),
            SendGridWebhookPublicKey = configuration["SendGrid:WebhookPublicKey"],
        });

        // The services that drive journeys are singletons; the Durable client reaches the runner per invocation
        // through the (async-flow scoped) DurableClientScope.
        services.AddSingleton(new DashboardFiles(DashboardFolder() is { } folder ? new PhysicalFileProvider(folder) : new NullFileProvider()));
        services.AddSingleton<DurableClientScope>();
        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<FunnelStorage>();
            return new Queues.TriggerPoisonRecorders(storage.Poison(QueueNames.LeadsIntake), storage.Poison(QueueNames.CustomerActions), storage.Poison(QueueNames.LeadsImport));
        });
        services.AddSingleton<IJourneyInstances, DurableClientInstances>();
        services.AddSingleton<DurableJourneyRunner>();
        services.AddSingleton<IJourneyRunner>(sp => sp.GetRequiredService<DurableJourneyRunner>());
        services.AddSingleton<JourneyActivities>();
        return services;
    }

    /// <summary>The dashboard's files, shipped next to the worker (see the project file).</summary>
    private static string? DashboardFolder()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return Directory.Exists(folder) ? folder : null;
    }

    /// <summary>The queue triggers name their queues through app settings (a binding expression), while the
    /// senders derive them from the storage prefix: a mismatch would leave messages unread, so refuse to start.</summary>
    public static void CheckQueueNames(IServiceProvider services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var names = services.GetRequiredService<StorageNames>();
        foreach (var (setting, logical) in new[] { (AppSettingNames.LeadsIntakeQueue, QueueNames.LeadsIntake), (AppSettingNames.CustomerActionsQueue, QueueNames.CustomerActions), (AppSettingNames.LeadsImportQueue, QueueNames.LeadsImport) })
        {
            var expected = names.Queue(logical);
            if (!string.Equals(configuration[setting], expected, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"App setting {setting} is \"{configuration[setting]}\" but the senders use \"{expected}\" (prefix {AppSettingNames.StorageNamePrefix}); set it to \"{expected}\".");
            }
        }
    }
}
