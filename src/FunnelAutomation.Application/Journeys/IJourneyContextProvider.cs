using FunnelAutomation.Core.Journeys;

namespace FunnelAutomation.Application.Journeys;

/// <summary>Gives the decider its configuration (pipeline, sequence catalog, settings) for a pipeline.</summary>
public interface IJourneyContextProvider
{
    Task<JourneyContext> GetAsync(string pipelineId, CancellationToken cancellationToken);
}
