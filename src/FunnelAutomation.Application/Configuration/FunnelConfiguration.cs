using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Nurture;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Routing;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Application.Configuration;

/// <summary>One consistent snapshot of the active configuration: what intake, routing and journeys read.</summary>
public sealed record FunnelConfiguration(
    IReadOnlyDictionary<string, PipelineDefinition> Pipelines,
    string DefaultPipelineId,
    LeadScorer Scorer,
    LeadRouter Router,
    SequenceCatalog Sequences,
    JourneySettings JourneySettings)
{
    public PipelineDefinition Pipeline(string? id) =>
        id is not null && Pipelines.TryGetValue(id, out var pipeline) ? pipeline
        : Pipelines.TryGetValue(DefaultPipelineId, out var fallback) ? fallback
        : throw new InvalidOperationException($"No pipeline \"{id ?? DefaultPipelineId}\" is active.");

    public JourneyContext JourneyContext(string pipelineId) => new(Pipeline(pipelineId), Sequences, JourneySettings);
}
