using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Core.Tests.Journeys;

public class JourneyCatchUpTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly JourneyStarted Started = new(Start, "ld_1", "b2b-standard", "prospect", 55, Grade.B, "website", "rep-1", "Europe/Berlin", "DE");

    private static CustomerAction Action(string id, string type, double secondsAfterStart) => new(id, type, Start.AddSeconds(secondsAfterStart));

    private static LeadScore Score(int total, Grade grade) => new(total, grade, Priority.Medium, [], "v1");

    [Fact]
    public void Actions_from_the_start_on_are_caught_up_in_the_order_they_occurred()
    {
        var missed = JourneyCatchUp.Missed(Started, [Action("b", "email_clicked", 20), Action("a", "meeting_booked", 5)], Score(55, Grade.B));

        Assert.Equal(["a", "b"], missed.OfType<CustomerActed>().Select(a => a.Action.Id));
        Assert.Equal(Start.AddSeconds(5), missed[0].At);
    }

    [Fact]
    public void Actions_before_the_start_are_already_in_the_facts_it_was_built_from()
    {
        var missed = JourneyCatchUp.Missed(Started, [Action("old", "meeting_booked", -60)], Score(90, Grade.A));

        Assert.Empty(missed);
    }

    [Fact]
    public void A_score_the_actions_moved_comes_first_as_the_action_service_raises_it()
    {
        var missed = JourneyCatchUp.Missed(Started, [Action("a", "page_visited", 5)], Score(80, Grade.A));

        var rescored = Assert.IsType<LeadRescored>(missed[0]);
        Assert.Equal((80, Grade.A), (rescored.Score, rescored.Grade));
        Assert.IsType<CustomerActed>(missed[1]);
    }

    [Fact]
    public void An_unchanged_score_is_not_raised_again()
    {
        var missed = JourneyCatchUp.Missed(Started, [Action("a", "email_opened", 5)], Score(55, Grade.B));

        Assert.DoesNotContain(missed, m => m is LeadRescored);
    }

    [Fact]
    public void Only_the_newest_actions_are_caught_up_past_the_cap()
    {
        var many = Enumerable.Range(0, JourneyCatchUp.MaxActions + 4).Select(i => Action($"a{i:D2}", "email_opened", i)).ToList();

        var missed = JourneyCatchUp.Missed(Started, many, null);

        Assert.Equal(JourneyCatchUp.MaxActions, missed.Count);
        Assert.Equal("a04", ((CustomerActed)missed[0]).Action.Id);
    }

    [Fact]
    public void A_caught_up_action_that_also_arrives_as_an_event_is_decided_once()
    {
        var context = JourneyDriver.SampleContext();
        var state = JourneyDecider.Decide(context, null, Started).State;
        var booked = new CustomerActed(Start.AddSeconds(5), Action("crm-1", "meeting_booked", 5));

        var first = JourneyDecider.Decide(context, state, booked);
        var again = JourneyDecider.Decide(context, first.State, booked with { At = Start.AddSeconds(9) });

        Assert.NotEqual(state.Stage, first.State.Stage);
        Assert.Equal(first.State.Stage, again.State.Stage);
        Assert.DoesNotContain(again.Commands, c => c is AdvanceStage);
    }
}
