using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Nurture;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Routing;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Core.Replay;

/// <summary>One side of a what-if replay: the configuration every lead of the history is run through.</summary>
public sealed record ReplayConfiguration(
    IReadOnlyDictionary<string, PipelineDefinition> Pipelines,
    string DefaultPipelineId,
    LeadScorer Scorer,
    LeadRouter Router,
    SequenceCatalog Sequences,
    JourneySettings Settings)
{
    /// <summary>The lead's pipeline, or the default one when it is not (or no longer) defined.</summary>
    public PipelineDefinition Pipeline(string? id) =>
        id is not null && Pipelines.TryGetValue(id, out var pipeline) ? pipeline
        : Pipelines.TryGetValue(DefaultPipelineId, out var fallback) ? fallback
        : throw new InvalidOperationException($"No pipeline \"{id ?? DefaultPipelineId}\" is defined.");
}

/// <summary>A stored lead and its customer actions (submissions included), as the replay reads them. The lead row
/// is what happened (live state); only its profile and creation time feed the replay.</summary>
public sealed record LeadHistory(Leads.Lead Lead, IReadOnlyList<Actions.CustomerAction> Actions);
