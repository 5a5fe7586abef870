using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Nurture;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Routing;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Bench.Core;

/// <summary>The sample documents from /samples (copied next to the binary), loaded and compiled once.</summary>
internal static class Samples
{
    public static string Read(string relative) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", relative));

    public static ScoringModel Scoring() => ScoringModel.Load(Read("scoring.json")).Value;

    public static LeadRouter Router()
    {
        var rules = RoutingRules.Load(Read("routing.json")).Value;
        var reps = RepRoster.Load(Read("reps.json")).Value.Reps;
        return LeadRouter.Create(rules, reps).Value;
    }

    public static JourneyContext JourneyContext(JourneySettings settings) =>
        new(PipelineDefinition.Load(Read("pipelines/b2b-standard.json")).Value,
            new SequenceCatalog([
                SequenceDefinition.Load(Read("sequences/welcome-nurture.json")).Value,
                SequenceDefinition.Load(Read("sequences/win-back.json")).Value,
            ]),
            settings);
}
