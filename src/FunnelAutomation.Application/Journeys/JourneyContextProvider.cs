using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Core.Journeys;

namespace FunnelAutomation.Application.Journeys;

/// <summary>Reads the decider's context from the active configuration snapshot.</summary>
public sealed class JourneyContextProvider(ConfigurationService configuration) : IJourneyContextProvider
{
    public async Task<JourneyContext> GetAsync(string pipelineId, CancellationToken cancellationToken) =>
        (await configuration.GetAsync(cancellationToken).ConfigureAwait(false)).JourneyContext(pipelineId);
}
