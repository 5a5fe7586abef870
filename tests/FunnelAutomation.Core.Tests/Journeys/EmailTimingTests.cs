using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Nurture;

namespace FunnelAutomation.Core.Tests.Journeys;

/// <summary>An email step's timing policy: an immediate email (the sample welcome) goes out at once, whatever
/// the hour, and is counted apart from the daily nurture cap; windowed email waits for business hours in the
/// lead's zone and shares the cap.</summary>
public class EmailTimingTests
{
    // Tuesday 3 March 2026, 19:00 in Berlin (UTC+1): after the send window.
    private static readonly DateTimeOffset TuesdayEveningBerlin = new(2026, 3, 3, 18, 0, 0, TimeSpan.Zero);

    // Tuesday 3 March 2026, 11:00 in Berlin: inside the window.
    private static readonly DateTimeOffset TuesdayMorningBerlin = new(2026, 3, 3, 10, 0, 0, TimeSpan.Zero);

    private static SequenceDefinition FollowUp(params string[] emails) => SequenceDefinition.Load($$"""
        { "kind": "sequence", "schemaVersion": 1, "id": "proposal-follow-up", "name": "Proposal follow-up",
          "enrollment": { "stageEntered": "initial-contact" },
          "steps": [ {{string.Join(", ", emails.Select(id => $$"""{ "type": "email", "id": "{{id}}", "subject": "{{id}}", "body": "…" }"""))}} ] }
        """).Value;

    [Fact]
    public void The_sample_welcome_is_immediate()
    {
        var welcome = JourneyDriver.SampleContext().Sequences.Active.Single(s => s.Id == "welcome-nurture").Steps[0];

        Assert.Equal(EmailTiming.Immediate, Assert.IsType<EmailStep>(welcome).Timing);
    }

    [Fact]
    public void An_evening_signup_gets_the_welcome_at_once()
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(), TuesdayEveningBerlin);

        var commands = driver.Start();

        Assert.Equal("welcome", Assert.Single(commands.OfType<SendEmail>()).StepId);
        Assert.Equal(TuesdayEveningBerlin, driver.Sent.Single().At);
    }

    [Fact]
    public void A_windowed_email_due_in_the_evening_waits_for_nine_the_next_business_day()
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(null, FollowUp("thanks")), TuesdayEveningBerlin);
        driver.Start();

        driver.Act("meeting_booked");
        Assert.DoesNotContain(driver.Emails, e => e.StepId == "thanks");
        driver.Advance(TimeSpan.FromDays(1));

        var thanks = driver.Sent.Single(s => s.Email.StepId == "thanks");
        Assert.Equal(DateTimeOffset.Parse("2026-03-04T08:00:00Z"), thanks.At); // Wednesday 09:00 Berlin
    }

    [Fact]
    public void A_held_email_is_recorded_once_with_when_and_why()
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(null, FollowUp("thanks")), TuesdayEveningBerlin);
        driver.Start();

        driver.Act("meeting_booked");
        driver.Act("page_visited");

        var deferred = Assert.Single(driver.Commands.OfType<EmailDeferred>());
        Assert.Equal("thanks", deferred.StepId);
        Assert.Equal(DateTimeOffset.Parse("2026-03-04T08:00:00Z"), deferred.Until);
        Assert.Equal("after the send window (09:00–17:00 Europe/Berlin)", deferred.Reason);
    }

    [Fact]
    public void A_second_nurture_email_the_same_day_is_held_by_the_daily_cap()
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(null, FollowUp("thanks", "agenda")), TuesdayMorningBerlin);
        driver.Start();

        driver.Act("meeting_booked");

        var deferred = Assert.Single(driver.Commands.OfType<EmailDeferred>());
        Assert.Equal("agenda", deferred.StepId);
        Assert.Equal("the daily cap of 1 nurture email was reached", deferred.Reason);
    }

    [Fact]
    public void The_daily_cap_counts_only_nurture_email_not_the_immediate_welcome()
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(null, FollowUp("thanks", "agenda")), TuesdayMorningBerlin);
        driver.Start(); // the immediate welcome

        driver.Advance(TimeSpan.FromHours(1));
        driver.Act("meeting_booked");
        driver.Advance(TimeSpan.FromDays(2));

        // "thanks" goes the same day although the welcome went out today (cap 1); "agenda", the second nurture
        // email of the day, waits for the next business day.
        Assert.Equal(TuesdayMorningBerlin.AddHours(1), driver.Sent.Single(s => s.Email.StepId == "thanks").At);
        Assert.Equal(DateTimeOffset.Parse("2026-03-04T08:00:00Z"), driver.Sent.Single(s => s.Email.StepId == "agenda").At);
    }

    [Fact]
    public void An_unknown_timing_is_refused_by_path_in_the_users_terms()
    {
        var loaded = SequenceDefinition.Load("""
            { "kind": "sequence", "schemaVersion": 1, "id": "s", "name": "S", "enrollment": { "stageEntered": "prospect" },
              "steps": [ { "type": "email", "id": "hello", "subject": "Hi", "body": "…", "timing": "now" } ] }
            """);

        Assert.False(loaded.IsSuccess);
        var error = Assert.Single(loaded.Errors);
        Assert.Equal("$.steps[0].timing", error.Path);
        Assert.DoesNotContain("FunnelAutomation.", error.Reason, StringComparison.Ordinal);
    }
}
