using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Core.Tests.Journeys;

public class ReactivationTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 3, 9, 0, 0, TimeSpan.Zero);

    private static JourneyDriver LostLead(string reason = "competitor")
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(), Start);
        driver.Start(owner: "rep-1");
        driver.Feed(new RepTouched(Start.AddHours(1), "rep-1"));
        driver.Advance(TimeSpan.FromDays(1));
        driver.Act("deal_lost", reason: reason);
        return driver;
    }

    [Fact]
    public void A_lost_lead_is_rescored_and_enrolled_in_win_back_after_ninety_quiet_days()
    {
        var driver = LostLead();
        var lostAt = driver.Clock.GetUtcNow();
        Assert.Equal(LeadStatus.Lost, driver.State!.Status);
        Assert.Contains(driver.Commands, c => c is MarkLost { Reason: "competitor" });
        Assert.Equal(lostAt.AddDays(90), driver.State.ReactivateAt);

        driver.Advance(TimeSpan.FromDays(89));
        Assert.DoesNotContain(driver.Commands, c => c is Rescore);

        driver.Advance(TimeSpan.FromDays(2));
        Assert.Contains(driver.Commands, c => c is Rescore);
        Assert.Contains(driver.Commands, c => c is Enroll { SequenceId: "win-back" });
        Assert.Equal("whats-new", driver.Emails.Last().StepId);
    }

    [Fact]
    public void A_click_in_the_win_back_reopens_the_lead_for_its_former_owner_who_is_notified()
    {
        var driver = LostLead();
        driver.Advance(TimeSpan.FromDays(91));

        driver.Act("email_clicked");

        Assert.Equal(LeadStatus.Open, driver.State!.Status);
        Assert.Contains(driver.Commands, c => c is ReopenLead);
        var reassign = driver.Commands.OfType<Reassign>().Last();
        Assert.Equal("rep-1", reassign.PreferredRepId);
        Assert.Contains(driver.Commands, c => c is ExitSequence { SequenceId: "win-back", Reason: "reopened" });

        var notified = driver.Feed(new LeadAssigned(driver.Clock.GetUtcNow(), "rep-1"));
        Assert.Contains(notified, c => c is NotifyRep { RepId: "rep-1" });
    }

    [Fact]
    public void A_pricing_page_visit_reopens_but_a_blog_visit_does_not()
    {
        var driver = LostLead();
        driver.Advance(TimeSpan.FromDays(91));

        driver.Act("page_visited", "https://example.com/blog/news");
        Assert.Equal(LeadStatus.Lost, driver.State!.Status);

        driver.Act("page_visited", "https://example.com/pricing");
        Assert.Equal(LeadStatus.Open, driver.State!.Status);
    }

    [Fact]
    public void Engagement_during_the_quiet_period_does_not_reopen()
    {
        var driver = LostLead();
        driver.Advance(TimeSpan.FromDays(10));

        driver.Act("email_clicked");

        Assert.Equal(LeadStatus.Lost, driver.State!.Status);
        Assert.DoesNotContain(driver.Commands, c => c is ReopenLead);
    }

    [Fact]
    public void A_loss_reason_that_forbids_contact_ends_the_journey()
    {
        var driver = LostLead("do-not-contact");

        Assert.True(driver.State!.Completed);
        Assert.Null(driver.State.ReactivateAt);
        driver.Advance(TimeSpan.FromDays(200));
        Assert.DoesNotContain(driver.Commands, c => c is Enroll { SequenceId: "win-back" });
    }

    [Fact]
    public void A_suppressed_address_is_never_reactivated()
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(), Start);
        driver.Start(owner: "rep-1");
        driver.Act("unsubscribed");
        driver.Act("deal_lost", reason: "competitor");

        driver.Advance(TimeSpan.FromDays(200));

        Assert.DoesNotContain(driver.Commands, c => c is Enroll { SequenceId: "win-back" });
        Assert.Single(driver.Emails);
    }
}
