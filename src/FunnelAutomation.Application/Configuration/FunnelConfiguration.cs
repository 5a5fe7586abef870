using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Learning;
using FunnelAutomation.Core.Leads;
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
    JourneySettings JourneySettings,
    WinModel? WinModel = null)
{
    /// <summary>The lead's score: the rules', blended with the active <see cref="WinModel"/> when the scoring
    /// document's <c>prediction</c> section asks for it (the one place intake and rescoring score a lead).
    /// <paramref name="stored"/> is the lead as stored (null for a new one): its age, stage history and owner's team
    /// are features of the model.</summary>
    public LeadScore Score(LeadProfile profile, IReadOnlyList<CustomerAction> actions, DateTimeOffset now, Lead? stored)
    {
        if (WinModel is null)
        {
            return Scorer.Score(profile, actions, now);
        }

        var team = stored?.OwnerRepId is { } owner ? Router.Reps.FirstOrDefault(r => r.Id == owner)?.Team : null;
        var facts = new WinFacts(profile, stored?.CreatedAt ?? now, actions, stored?.History ?? [], team);
        return Scorer.Score(profile, actions, now, WinModel, facts);
    }

    public PipelineDefinition Pipeline(string? id) =>
        id is not null && Pipelines.TryGetValue(id, out var pipeline) ? pipeline
        : Pipelines.TryGetValue(DefaultPipelineId, out var fallback) ? fallback
        : throw new InvalidOperationException($"No pipeline \"{id ?? DefaultPipelineId}\" is active.");

    public JourneyContext JourneyContext(string pipelineId) => new(Pipeline(pipelineId), Sequences, JourneySettings);
}
