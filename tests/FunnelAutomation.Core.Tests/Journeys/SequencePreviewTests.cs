using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Nurture;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Scoring;
using FunnelAutomation.Core.Tests.Nurture;
using FunnelAutomation.Core.Tests.TestSupport;

namespace FunnelAutomation.Core.Tests.Journeys;

/// <summary>The preview of a sequence for one lead: the decider run on a fake clock, so it says what the real
/// journey would send and when, under the assumptions it states.</summary>
public class SequencePreviewTests
{
    // Tuesday 3 March 2026, 19:00 in Berlin: after the send window.
    private static readonly DateTimeOffset TuesdayEveningBerlin = DateTimeOffset.Parse("2026-03-03T18:00:00Z");

    private static readonly PipelineDefinition Pipeline = PipelineDefinition.Load(Samples.Read("pipelines/b2b-standard.json")).Value;

    private static SequenceDefinition Sample => SequenceDefinition.Load(Samples.Read("sequences/welcome-nurture.json")).Value;

    private static JourneyStarted Lead(DateTimeOffset at, string? zone = null, string? country = "DE", Grade grade = Grade.B) =>
        new(at, "ld_preview", "b2b-standard", "prospect", 55, grade, "website", null, zone, country);

    [Fact]
    public void An_evening_signup_in_berlin_gets_the_welcome_at_once_and_the_benefits_email_at_nine_three_business_days_on()
    {
        var preview = SequencePreview.Run(Sample, Pipeline, JourneySettings.Default, Lead(TuesdayEveningBerlin), PreviewAssumptions.NoAction);

        Assert.True(preview.Enrolls);
        Assert.Equal("Europe/Berlin", preview.TimeZone);
        Assert.Equal(["welcome", "product-benefits"], preview.Emails.Select(e => e.StepId));
        var welcome = preview.Emails[0];
        Assert.Equal(EmailTiming.Immediate, welcome.Timing);
        Assert.Equal(TuesdayEveningBerlin, welcome.SendAt);
        Assert.Null(welcome.Held);
        // Three business days after Tuesday 19:00 is Friday 19:00, after the window: held to Monday 09:00 Berlin.
        var benefits = preview.Emails[1];
        Assert.Equal(DateTimeOffset.Parse("2026-03-06T18:00:00Z"), benefits.DueAt);
        Assert.Equal(DateTimeOffset.Parse("2026-03-09T08:00:00Z"), benefits.SendAt);
        Assert.Equal(new DateTime(2026, 3, 9, 9, 0, 0), benefits.LocalSendAt.DateTime);
        Assert.Equal("held by the send window", benefits.Held);
        Assert.Equal(["reasons-to-buy", "nudge-owner"], preview.NotReached);
        Assert.Contains(preview.Assumptions, a => a.Contains("no other customer action", StringComparison.Ordinal));
        Assert.Contains(preview.Assumptions, a => a.Contains("the lead visits no tracked page", StringComparison.Ordinal));
        Assert.Equal("completed", preview.EndReason);
    }

    [Fact]
    public void Under_the_assumption_of_two_pricing_visits_the_branch_sends_the_reasons_to_buy_and_nudges_the_owner()
    {
        var assumptions = new PreviewAssumptions { Visits = ["https://example.com/pricing", "https://example.com/pricing?plan=pro"] };

        var preview = SequencePreview.Run(Sample, Pipeline, JourneySettings.Default, Lead(TuesdayEveningBerlin), assumptions);

        Assert.Equal(["welcome", "product-benefits", "reasons-to-buy"], preview.Emails.Select(e => e.StepId));
        // 48 hours after Monday 09:00 is Wednesday 09:00, inside the window: sent as it falls due.
        Assert.Equal(DateTimeOffset.Parse("2026-03-11T08:00:00Z"), preview.Emails[2].SendAt);
        Assert.Equal("nudge-owner", Assert.Single(preview.Actions).StepId);
        Assert.Empty(preview.NotReached);
        Assert.Contains(preview.Assumptions, a => a.Contains("has visited https://example.com/pricing", StringComparison.Ordinal));
    }

    [Fact]
    public void The_leads_time_zone_moves_the_window_a_new_york_lead_gets_nine_new_york_time()
    {
        var preview = SequencePreview.Run(Sample, Pipeline, JourneySettings.Default, Lead(TuesdayEveningBerlin, country: "US"), PreviewAssumptions.NoAction);

        Assert.Equal("America/New_York", preview.TimeZone);
        // Tuesday 13:00 in New York; three business days on is Friday 13:00, inside the window.
        Assert.Equal(DateTimeOffset.Parse("2026-03-06T18:00:00Z"), preview.Emails[1].SendAt);
        Assert.Null(preview.Emails[1].Held);
    }

    [Fact]
    public void The_preview_sends_what_the_real_journey_sends()
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(), TuesdayEveningBerlin);
        driver.Start(owner: null, timeZone: null, country: "DE");
        driver.Advance(TimeSpan.FromDays(30));

        var preview = SequencePreview.Run(Sample, Pipeline, JourneySettings.Default, Lead(TuesdayEveningBerlin), PreviewAssumptions.NoAction);

        Assert.Equal(driver.Sent.Select(s => (s.At, s.Email.StepId)), preview.Emails.Select(e => (e.SendAt, e.StepId)));
    }

    [Fact]
    public void A_lead_outside_the_criteria_is_said_not_to_enroll_and_shown_as_if_it_had()
    {
        var picky = Sample with { Enrollment = Sample.Enrollment with { MinGrade = Grade.A } };

        var preview = SequencePreview.Run(picky, Pipeline, JourneySettings.Default, Lead(TuesdayEveningBerlin, grade: Grade.C), PreviewAssumptions.NoAction);

        Assert.False(preview.Enrolls);
        Assert.Contains(preview.Assumptions, a => a.Contains("does not meet the enrollment criteria", StringComparison.Ordinal));
        Assert.Equal("welcome", preview.Emails[0].StepId);
    }

    [Fact]
    public void An_ab_step_previews_the_variant_this_lead_would_get()
    {
        var sequence = SequenceDefinition.Load(EmailVariantTests.AbSequence).Value;

        var preview = SequencePreview.Run(sequence, Pipeline, JourneySettings.Default, Lead(TuesdayEveningBerlin), PreviewAssumptions.NoAction);

        var expected = VariantChooser.Choose("ld_preview", "ab-welcome", "welcome", ((EmailStep)sequence.Steps[0]).Variants).Id;
        Assert.Equal(expected, Assert.Single(preview.Emails).VariantId);
    }
}
