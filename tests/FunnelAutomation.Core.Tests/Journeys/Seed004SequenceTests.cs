using FunnelAutomation.Core.Nurture;
using FunnelAutomation.Core.Journeys;

namespace FunnelAutomation.Core.Tests.Journeys;

/// <summary>Seed 004's nurture: welcome at once; product benefits a few days later; if the lead keeps
/// visiting the pricing page without acting, the reasons-to-buy email.</summary>
public class Seed004SequenceTests
{
    // Monday 2 March 2026, 10:00 in Berlin (UTC+1).
    private static readonly DateTimeOffset MondayMorningBerlin = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Welcome_goes_out_at_once_and_the_owner_is_told()
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(), MondayMorningBerlin);

        var commands = driver.Start();

        var welcome = Assert.Single(commands.OfType<SendEmail>());
        Assert.Equal("welcome", welcome.StepId);
        Assert.Equal("Welcome to FunnelAutomation, {{firstName}}", welcome.Subject);
        Assert.Equal("ld_1:welcome-nurture-v1-1:welcome", welcome.Key);
        Assert.Contains(commands, c => c is Enroll { SequenceId: "welcome-nurture" });
        Assert.Contains(commands, c => c is NotifyRep { RepId: "rep-1" });
        Assert.Equal(MondayMorningBerlin.AddHours(4), driver.State!.SlaDueAt);
    }

    [Fact]
    public void Benefits_follow_three_business_days_later_and_a_quiet_lead_gets_nothing_more()
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(), MondayMorningBerlin);
        driver.Start();
        driver.Feed(new RepTouched(MondayMorningBerlin.AddHours(1), "rep-1"));

        driver.Advance(TimeSpan.FromDays(14));

        Assert.Equal(["welcome", "product-benefits"], driver.Emails.Select(e => e.StepId));
        var (sentAt, benefits) = driver.Sent[^1];
        Assert.Equal("d-5b1f0c2a9e8d4b7c", benefits.TemplateId);
        Assert.Equal("product-benefits", benefits.TemplateData["topic"]);
        // Monday 10:00 Berlin + 3 business days = Thursday 10:00 Berlin (09:00 UTC).
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 9, 0, 0, TimeSpan.Zero), sentAt);
        Assert.Contains(driver.Commands, c => c is ExitSequence { Reason: "completed" });
        Assert.Null(driver.State!.Enrollment);
    }

    [Fact]
    public void Pricing_page_visits_without_acting_bring_the_reasons_to_buy_email_and_a_nudge()
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(), MondayMorningBerlin);
        driver.Start();
        driver.Feed(new RepTouched(MondayMorningBerlin.AddHours(1), "rep-1"));
        driver.AdvanceTo(new DateTimeOffset(2026, 3, 5, 12, 0, 0, TimeSpan.Zero));

        driver.Act("page_visited", "https://example.com/pricing");
        driver.Advance(TimeSpan.FromHours(3));
        driver.Act("page_visited", "https://example.com/pricing?plan=team");
        driver.Advance(TimeSpan.FromDays(7));

        Assert.Equal(["welcome", "product-benefits", "reasons-to-buy"], driver.Emails.Select(e => e.StepId));
        Assert.Contains(driver.Commands, c => c is NotifyRep { RepId: "rep-1" } n && n.Message.Contains("pricing", StringComparison.Ordinal));
        // Benefits on Thursday 5 March; 48 hours later is Saturday, so the reasons email waits for Monday 9:00 Berlin.
        var (reasonsAt, reasons) = driver.Sent[^1];
        Assert.Equal("ld_1:welcome-nurture-v1-1:reasons-to-buy", reasons.Key);
        // The sample's A/B step: this lead's variant, chosen by hash, with that variant's template.
        var variant = VariantChooser.Choose("ld_1", "welcome-nurture", "reasons-to-buy", ((EmailStep)driver.Context.Sequences.Active.Single(q => q.Id == "welcome-nurture").Steps[5]).Variants);
        Assert.Equal((variant.Id, variant.TemplateId), (reasons.VariantId, reasons.TemplateId));
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 8, 0, 0, TimeSpan.Zero), reasonsAt);
    }

    [Fact]
    public void A_single_pricing_visit_is_not_enough()
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(), MondayMorningBerlin);
        driver.Start();
        driver.AdvanceTo(new DateTimeOffset(2026, 3, 5, 12, 0, 0, TimeSpan.Zero));

        driver.Act("page_visited", "https://example.com/pricing");
        driver.Act("page_visited", "https://example.com/blog/how-we-price");
        driver.Advance(TimeSpan.FromDays(7));

        Assert.DoesNotContain(driver.Emails, e => e.StepId == "reasons-to-buy");
    }

    [Theory]
    [InlineData("replied")]
    [InlineData("meeting_booked")]
    [InlineData("unsubscribed")]
    public void Acting_exits_the_nurture(string action)
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(), MondayMorningBerlin);
        driver.Start();
        driver.Advance(TimeSpan.FromHours(2));

        driver.Act(action);
        driver.Advance(TimeSpan.FromDays(20));

        Assert.Equal(["welcome"], driver.Emails.Select(e => e.StepId));
        Assert.Contains(driver.Commands, c => c is ExitSequence { SequenceId: "welcome-nurture" } x && x.Reason == action);
        Assert.Null(driver.State!.Enrollment);
    }

    [Fact]
    public void Meeting_booked_advances_the_stage_with_its_cause()
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(), MondayMorningBerlin);
        driver.Start();

        var commands = driver.Act("meeting_booked");

        var advance = Assert.Single(commands.OfType<AdvanceStage>());
        Assert.Equal(("initial-contact", "meeting_booked"), (advance.Stage, advance.Cause));
        Assert.Equal("initial-contact", driver.State!.Stage);
    }
}
