using System.Text.Json;
using FunnelAutomation.Core.Journeys;

namespace FunnelAutomation.Core.Tests.Journeys;

public class JourneyIdempotencyTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_redelivered_action_has_no_second_effect()
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(), Start);
        driver.Start();

        var first = driver.Act("meeting_booked", id: "evt-42");
        var again = driver.Act("meeting_booked", id: "evt-42");

        Assert.NotEmpty(first);
        Assert.Empty(again);
    }

    [Fact]
    public void A_redelivered_start_changes_nothing()
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(), Start);
        driver.Start();
        var state = driver.State;

        var again = driver.Start();

        Assert.Empty(again);
        Assert.Same(state, driver.State);
    }

    [Fact]
    public void A_stale_or_early_timer_changes_nothing()
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(), Start);
        driver.Start();
        driver.Feed(new RepTouched(Start.AddMinutes(5), "rep-1"));
        var state = driver.State;

        var commands = driver.Feed(new TimerFired(Start.AddHours(1)));

        Assert.DoesNotContain(commands, c => c is SendEmail or Reassign);
        Assert.Equal(state!.Enrollment, driver.State!.Enrollment);
    }

    [Fact]
    public void Every_effect_in_a_whole_journey_has_its_own_idempotency_key()
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(), Start);
        driver.Start();
        driver.Advance(TimeSpan.FromDays(3));
        driver.Act("page_visited", "https://x.test/pricing");
        driver.Act("page_visited", "https://x.test/pricing");
        driver.Advance(TimeSpan.FromDays(6));
        driver.Act("deal_lost", reason: "competitor");
        driver.Advance(TimeSpan.FromDays(95));
        driver.Act("replied");
        driver.Feed(new LeadAssigned(driver.Clock.GetUtcNow(), "rep-1"));

        var effects = driver.Commands.Where(c => c is not WakeAt).Select(c => c.Key).ToList();
        Assert.True(effects.Count > 10);
        Assert.Equal(effects.Count, effects.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void State_inputs_and_commands_survive_a_json_round_trip()
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(), Start);
        driver.Start();
        driver.Act("page_visited", "https://x.test/pricing");
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        var state = JsonSerializer.Deserialize<JourneyState>(JsonSerializer.Serialize(driver.State, options), options)!;
        var input = JsonSerializer.Deserialize<JourneyInput>(JsonSerializer.Serialize<JourneyInput>(new TimerFired(Start.AddDays(4)), options), options)!;
        var commands = JsonSerializer.Deserialize<List<JourneyCommand>>(JsonSerializer.Serialize(driver.Commands, options), options)!;

        Assert.Equal(driver.Commands.Select(c => c.GetType()), commands.Select(c => c.GetType()));
        Assert.Equal(["https://x.test/pricing"], state.Enrollment!.Visits);
        var fromCopy = JourneyDecider.Decide(driver.Context, state, input);
        var fromOriginal = JourneyDecider.Decide(driver.Context, driver.State, input);
        Assert.Equal(fromOriginal.Commands.Select(c => c.Key), fromCopy.Commands.Select(c => c.Key));
    }

    [Fact]
    public void A_journey_must_begin_with_a_start()
    {
        Assert.Throws<InvalidOperationException>(() =>
            JourneyDecider.Decide(JourneyDriver.SampleContext(), null, new TimerFired(Start)));
    }
}
