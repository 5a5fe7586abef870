using FunnelAutomation.Core.Nurture;
using FunnelAutomation.Core.Pipeline;

namespace FunnelAutomation.Core.Journeys;

/// <summary>The configuration a journey decision reads: the lead's pipeline, the sequences, the policy.</summary>
public sealed record JourneyContext(PipelineDefinition Pipeline, SequenceCatalog Sequences, JourneySettings Settings);
