using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Azure.Composition;
using Microsoft.Extensions.Options;

namespace FunnelAutomation.Host.Background;

/// <summary>Creates the tables and queues and loads the sample configuration on first start. Runs before
/// the listeners (hosted services start in registration order) and before the server takes requests.</summary>
internal sealed class StorageInitializer(IServiceProvider services, ConfigurationService configuration, IOptions<FunnelHostOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await services.InitializeFunnelStorageAsync(cancellationToken).ConfigureAwait(false);
        if (options.Value.SamplesPath is { Length: > 0 } samples)
        {
            await configuration.SeedAsync(samples, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
