using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Nurture;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Functions.Tests.Journeys;

/// <summary>The real sample configuration (b2b-standard pipeline, welcome-nurture sequence) and a lead that
/// starts on a Tuesday morning in Berlin, inside the send window.</summary>
internal static class SampleJourney
{
    public const string LeadId = "ld_1";

    public static readonly DateTimeOffset Start = new(2025, 3, 4, 9, 0, 0, TimeSpan.Zero);

    public static JourneyContext Context { get; } = new(
        PipelineDefinition.Load(Read("pipelines/b2b-standard.json")).Value,
        new SequenceCatalog([SequenceDefinition.Load(Read("sequences/welcome-nurture.json")).Value]),
        JourneySettings.Default);

    public static JourneyStarted Started(DateTimeOffset? at = null) =>
        new(at ?? Start, LeadId, "b2b-standard", "prospect", 55, Grade.B, "website", "rep-1", "Europe/Berlin", "DE");

    /// <summary>The state after the start was decided (welcome sent, waiting on the next step).</summary>
    public static JourneyState State() => JourneyDecider.Decide(Context, null, Started()).State;

    public static CustomerActed Acted(string type, DateTimeOffset at, string id = "act-1") =>
        new(at, new CustomerAction(id, type, at));

    private static string Read(string relative) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", relative));
}
