using FunnelAutomation.Core.Tests.TestSupport;
using FunnelAutomation.Core.Journeys;

namespace FunnelAutomation.Core.Tests.Journeys;

public class SendWindowTests
{
    private static readonly JourneySettings Settings = JourneySettings.Default;

    private static TimeZoneInfo Zone(string id) => LeadTimeZones.Find(id);

    [Theory]
    // Inside the window: send now.
    [InlineData("Europe/Berlin", "2026-03-03T10:30:00Z", "2026-03-03T10:30:00Z")]
    // Before 9:00 local: wait for 9:00 local.
    [InlineData("Asia/Shanghai", "2026-03-03T00:00:00Z", "2026-03-03T01:00:00Z")]
    // After 17:00 local on Friday: Monday 9:00 local.
    [InlineData("America/Los_Angeles", "2026-01-10T02:00:00Z", "2026-01-12T17:00:00Z")]
    // Saturday in Tokyo: Monday 9:00 Tokyo (00:00 UTC).
    [InlineData("Asia/Tokyo", "2026-03-07T03:00:00Z", "2026-03-09T00:00:00Z")]
    public void Email_waits_for_business_hours_in_the_leads_zone(string zone, string now, string expected)
    {
        var next = SendWindow.NextSendTime(DateTimeOffset.Parse(now), Zone(zone), Settings, []);

        Assert.Equal(DateTimeOffset.Parse(expected), next);
    }

    [Fact]
    public void Across_the_US_spring_forward_the_window_opens_at_nine_local_on_the_new_offset()
    {
        // Friday 6 March 2026 18:00 EST (23:00Z); DST starts Sunday 8 March; Monday 9:00 EDT is 13:00Z.
        var next = SendWindow.NextSendTime(DateTimeOffset.Parse("2026-03-06T23:00:00Z"), Zone("America/New_York"), Settings, []);

        Assert.Equal(DateTimeOffset.Parse("2026-03-09T13:00:00Z"), next);
    }

    [Fact]
    public void Across_the_European_fall_back_business_days_keep_the_local_time()
    {
        // Friday 23 October 2026 10:00 CEST (08:00Z) + 1 business day = Monday 26 October 10:00 CET (09:00Z).
        var later = SendWindow.AddBusinessDays(DateTimeOffset.Parse("2026-10-23T08:00:00Z"), 1, Zone("Europe/Berlin"), Settings);

        Assert.Equal(DateTimeOffset.Parse("2026-10-26T09:00:00Z"), later);
    }

    [Fact]
    public void A_window_start_inside_a_dst_gap_moves_to_the_first_valid_minute()
    {
        // A window opening at 02:00 on the night Berlin skips 02:00–03:00 (Sunday 29 March 2026).
        var settings = Settings with { SendWindowStartHour = 2, SendWindowEndHour = 5, BusinessDays = [DayOfWeek.Sunday] };

        var next = SendWindow.NextSendTime(DateTimeOffset.Parse("2026-03-28T12:00:00Z"), Zone("Europe/Berlin"), settings, []);

        Assert.Equal(DateTimeOffset.Parse("2026-03-29T01:00:00Z"), next); // 03:00 CEST
    }

    [Fact]
    public void The_daily_cap_pushes_a_second_email_to_the_next_business_day()
    {
        var sentToday = DateTimeOffset.Parse("2026-03-03T08:00:00Z"); // 09:00 Berlin

        var next = SendWindow.NextSendTime(DateTimeOffset.Parse("2026-03-03T10:00:00Z"), Zone("Europe/Berlin"), Settings, [sentToday]);

        Assert.Equal(DateTimeOffset.Parse("2026-03-04T08:00:00Z"), next);
    }

    [Theory]
    [InlineData("America/Chicago", "US", "America/Chicago")]
    [InlineData(null, "CN", "Asia/Shanghai")]
    [InlineData("Not/AZone", "JP", "Asia/Tokyo")]
    [InlineData(null, "ZZ", "UTC")]
    [InlineData(null, null, "UTC")]
    public void The_zone_comes_from_the_lead_then_its_country_then_the_default(string? explicitZone, string? country, string expected)
    {
        Assert.Equal(expected, LeadTimeZones.Resolve(explicitZone, country, "UTC"));
    }

    [Fact]
    public void Two_sequences_share_one_daily_cap_per_lead()
    {
        // The sample welcome made windowed (it ships immediate, which the cap does not count).
        var welcome = FunnelAutomation.Core.Nurture.SequenceDefinition.Load(
            Samples.Read("sequences/welcome-nurture.json").Replace("\"timing\": \"immediate\"", "\"timing\": \"windowed\"", StringComparison.Ordinal)).Value;
        var second = FunnelAutomation.Core.Nurture.SequenceDefinition.Load("""
        { "kind": "sequence", "schemaVersion": 1, "id": "proposal-follow-up", "name": "Proposal follow-up",
          "enrollment": { "stageEntered": "initial-contact" },
          "steps": [ { "type": "email", "id": "thanks", "subject": "Thanks", "body": "See you soon" } ] }
        """).Value;
        var sample = JourneyDriver.SampleContext();
        var context = new JourneyContext(sample.Pipeline, new FunnelAutomation.Core.Nurture.SequenceCatalog([welcome, second]), sample.Settings);
        var driver = new JourneyDriver(context, DateTimeOffset.Parse("2026-03-03T09:00:00Z"));
        driver.Start();

        driver.Advance(TimeSpan.FromHours(1));
        driver.Act("meeting_booked");
        driver.Advance(TimeSpan.FromDays(2));

        Assert.Equal(["welcome", "thanks"], driver.Emails.Select(e => e.StepId));
        Assert.Equal(DateTimeOffset.Parse("2026-03-04T08:00:00Z"), driver.Sent[1].At);
    }
}
