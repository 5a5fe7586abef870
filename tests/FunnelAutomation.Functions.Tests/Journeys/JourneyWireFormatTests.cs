using System.Text.Json;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Journeys;

namespace FunnelAutomation.Functions.Tests.Journeys;

/// <summary>Durable Task serialises payloads by their runtime type with System.Text.Json; these check that
/// what the orchestrator, activities and runner exchange survives that, discriminators included.</summary>
public class JourneyWireFormatTests
{
    public static TheoryData<string> Options => new() { "default", "web" };

    private static JsonSerializerOptions Get(string name) =>
        name == "web" ? new JsonSerializerOptions(JsonSerializerDefaults.Web) : new JsonSerializerOptions();

    private static T RoundTrip<T>(T value, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, value!.GetType(), options), options)!;

    [Theory]
    [MemberData(nameof(Options))]
    public void An_event_keeps_its_concrete_input_type(string options)
    {
        var sent = new JourneyEvent(SampleJourney.Acted(CustomerActionTypes.MeetingBooked, SampleJourney.Start));

        var received = RoundTrip(sent, Get(options));

        var acted = Assert.IsType<CustomerActed>(received.Input);
        Assert.Equal(CustomerActionTypes.MeetingBooked, acted.Action.Type);
        Assert.Equal(SampleJourney.Start, acted.At);
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void The_orchestration_input_keeps_state_pending_start_and_wake(string options)
    {
        var decision = JourneyDecider.Decide(SampleJourney.Context, null, SampleJourney.Started());
        var input = new JourneyOrchestrationInput(decision.State, SampleJourney.Started(), SampleJourney.Start.AddHours(4));

        var back = RoundTrip(input, Get(options));

        Assert.IsType<JourneyStarted>(back.Pending);
        Assert.Equal(input.WakeAt, back.WakeAt);
        SameJson.Equal(decision.State, back.State);
        Assert.Equal(decision.State.NextWakeAt(), back.State!.NextWakeAt());
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void A_decision_request_keeps_its_concrete_command_types(string options)
    {
        var commands = JourneyDecider.Decide(SampleJourney.Context, null, SampleJourney.Started()).Commands.Where(c => c is not WakeAt).ToList();
        var email = commands.OfType<SendEmail>().First();

        var back = RoundTrip(new JourneyDecisionRequest(commands), Get(options));

        Assert.Equal(commands.Select(c => c.GetType()), back.Commands.Select(c => c.GetType()));
        var sent = Assert.IsType<SendEmail>(back.Commands.First(c => c is SendEmail));
        Assert.Equal((email.Key, email.StepId, email.Subject), (sent.Key, sent.StepId, sent.Subject));
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void Follow_up_inputs_returned_by_the_activity_keep_their_types(string options)
    {
        JourneyInput[] followUps = [new LeadAssigned(SampleJourney.Start, "rep-2"), new LeadRescored(SampleJourney.Start, 80, Core.Scoring.Grade.A)];

        var back = RoundTrip(followUps, Get(options));

        Assert.IsType<LeadAssigned>(back[0]);
        Assert.IsType<LeadRescored>(back[1]);
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void A_context_snapshot_rebuilds_a_context_the_decider_treats_the_same(string options)
    {
        var snapshot = JourneyContextSnapshot.From(SampleJourney.Context, [new SequenceVersion("welcome-nurture", 1)]);

        var rebuilt = RoundTrip(snapshot, Get(options)).ToContext();

        var original = JourneyDecider.Decide(SampleJourney.Context, null, SampleJourney.Started());
        var again = JourneyDecider.Decide(rebuilt, null, SampleJourney.Started());
        Assert.NotEmpty(original.Commands);
        SameJson.Commands(original.Commands, again.Commands);
        Assert.Equal(original.State.NextWakeAt(), again.State.NextWakeAt());
        Assert.NotNull(rebuilt.Sequences.Find("welcome-nurture", 1));
    }
}
