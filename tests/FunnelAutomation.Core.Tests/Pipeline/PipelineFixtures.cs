using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Tests.TestSupport;

namespace FunnelAutomation.Core.Tests.Pipeline;

internal static class PipelineFixtures
{
    public static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Seed 001's pipeline: prospect → initial contact → needs confirmed → solution proposed →
    /// quote negotiation → won.</summary>
    public static PipelineDefinition Standard { get; } =
        PipelineDefinition.Load(Samples.Read("pipelines/b2b-standard.json")).Value;
}
