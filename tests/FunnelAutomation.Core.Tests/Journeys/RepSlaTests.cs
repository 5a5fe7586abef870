using FunnelAutomation.Core.Journeys;

namespace FunnelAutomation.Core.Tests.Journeys;

public class RepSlaTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_untouched_lead_is_reassigned_away_from_the_rep_and_the_manager_is_told()
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(), Start);
        driver.Start(owner: "rep-1");

        driver.Advance(TimeSpan.FromHours(4));

        var reassign = Assert.Single(driver.Commands.OfType<Reassign>());
        Assert.Equal(["rep-1"], reassign.ExcludedRepIds);
        Assert.Null(reassign.PreferredRepId);
        Assert.Contains("rep-1 missed", reassign.Reason, StringComparison.Ordinal);
        Assert.Equal("rep-1", Assert.Single(driver.Commands.OfType<NotifyManager>()).RepId);

        driver.Feed(new LeadAssigned(driver.Clock.GetUtcNow(), "rep-2"));
        driver.Advance(TimeSpan.FromHours(4));

        var second = driver.Commands.OfType<Reassign>().Last();
        Assert.Equal(["rep-1", "rep-2"], second.ExcludedRepIds);
        Assert.NotEqual(reassign.Key, second.Key);
    }

    [Fact]
    public void A_touch_within_the_sla_stops_the_clock()
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(), Start);
        driver.Start(owner: "rep-1");

        driver.Advance(TimeSpan.FromHours(3));
        driver.Feed(new RepTouched(driver.Clock.GetUtcNow(), "rep-1"));
        driver.Advance(TimeSpan.FromDays(3));

        Assert.Empty(driver.Commands.OfType<Reassign>());
        Assert.Null(driver.State!.SlaDueAt);
    }

    [Fact]
    public void A_touch_by_another_rep_does_not_stop_the_owners_clock()
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(), Start);
        driver.Start(owner: "rep-1");

        driver.Feed(new RepTouched(Start.AddHours(1), "rep-9"));
        driver.Advance(TimeSpan.FromHours(5));

        Assert.Single(driver.Commands.OfType<Reassign>());
    }

    [Fact]
    public void The_sla_length_is_configurable()
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(JourneySettings.Default with { RepSla = TimeSpan.FromMinutes(30) }), Start);
        driver.Start(owner: "rep-1");

        driver.Advance(TimeSpan.FromMinutes(29));
        Assert.Empty(driver.Commands.OfType<Reassign>());
        driver.Advance(TimeSpan.FromMinutes(1));
        Assert.Single(driver.Commands.OfType<Reassign>());
    }
}
