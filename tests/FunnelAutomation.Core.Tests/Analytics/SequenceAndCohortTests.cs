using FunnelAutomation.Core.Analytics;
using static FunnelAutomation.Core.Tests.Pipeline.PipelineFixtures;

namespace FunnelAutomation.Core.Tests.Analytics;

public class SequenceAndCohortTests
{
    [Fact]
    public void Step_counters_add_up_and_give_rates()
    {
        var events = new[]
        {
            EmailEventType.Sent, EmailEventType.Sent, EmailEventType.Sent, EmailEventType.Sent,
            EmailEventType.Delivered, EmailEventType.Delivered, EmailEventType.Delivered, EmailEventType.Delivered,
            EmailEventType.Opened, EmailEventType.Opened, EmailEventType.Clicked, EmailEventType.Replied, EmailEventType.Unsubscribed,
        };
        var welcome = events.Select(e => SequenceStepCounters.For("welcome", "intro", e))
            .Append(new SequenceStepCounters("welcome", "intro", Conversions: 1))
            .Append(SequenceStepCounters.For("welcome", "pricing", EmailEventType.Sent))
            .Append(SequenceStepCounters.For("win-back", "hello", EmailEventType.Sent));

        var performance = SequencePerformance.Build(welcome, (sequence, step) => step == "pricing" ? 0 : step == "intro" ? 1 : -1);

        Assert.Equal(["welcome", "win-back"], performance.Select(p => p.SequenceId));
        var steps = performance[0].Steps;
        Assert.Equal(["pricing", "intro"], steps.Select(s => s.StepId)); // definition order, not alphabetical
        var intro = steps[1];
        Assert.Equal(new SequenceStepCounters("welcome", "intro", 4, 4, 2, 1, 1, 1, 1), intro);
        Assert.Equal(0.5, intro.OpenRate);        // 2 opened / 4 delivered
        Assert.Equal(0.25, intro.ClickRate);
        Assert.Equal(0.25, intro.ConversionRate); // 1 conversion / 4 sent
        Assert.Equal(1.0, intro.DeliveryRate);
        Assert.Equal(new SequenceStepCounters("welcome", "*", 5, 4, 2, 1, 1, 1, 1), performance[0].Totals);
        Assert.Null(new SequenceStepCounters("s", "x").OpenRate);
    }

    [Fact]
    public void Attribution_credits_sequences_emailed_within_the_window_before_the_advance()
    {
        var advance = Monday.AddDays(20);
        EmailTouch[] touches =
        [
            new("l1", "welcome", "pricing", advance.AddDays(-3)),   // within 14 days: credited
            new("l1", "webinar", "invite", advance.AddDays(-15)),   // too long ago
            new("l1", "win-back", "hello", advance.AddHours(1)),    // after the advance
            new("l1", "product", "tour", advance.AddDays(-14)),     // exactly at the edge: credited
        ];

        var credited = SequenceAttribution.Attribute(touches, advance, SequenceAttribution.DefaultWindow);

        Assert.Equal([("product", "tour"), ("welcome", "pricing")], credited.Select(t => (t.SequenceId, t.StepId)));
    }

    [Fact]
    public void A_reply_answers_the_last_email_before_it_within_the_window_and_only_once()
    {
        var reply = Monday.AddDays(20);
        EmailTouch[] touches =
        [
            new("l1", "welcome", "pricing", reply.AddDays(-3)),
            new("l1", "product", "tour", reply.AddDays(-1)),     // the last one before the reply
            new("l1", "win-back", "hello", reply.AddHours(1)),   // after it
        ];

        Assert.Equal("tour", SequenceAttribution.RepliedTo(touches, reply, SequenceAttribution.DefaultWindow)!.StepId);
        touches[1] = touches[1] with { RepliedAt = reply };
        Assert.Null(SequenceAttribution.RepliedTo(touches, reply.AddMinutes(5), SequenceAttribution.DefaultWindow)); // answered already
        Assert.Null(SequenceAttribution.RepliedTo([new("l1", "welcome", "pricing", reply.AddDays(-15))], reply, SequenceAttribution.DefaultWindow)); // too long ago
    }

    [Fact]
    public void An_email_already_credited_is_not_credited_again()
    {
        var advance = Monday.AddDays(20);
        EmailTouch[] touches =
        [
            new("l1", "welcome", "pricing", advance.AddDays(-3), ConvertedAt: advance.AddDays(-1)),
            new("l1", "product", "tour", advance.AddDays(-2)),
        ];

        var credited = SequenceAttribution.Attribute(touches, advance, SequenceAttribution.DefaultWindow);

        Assert.Equal([("product", "tour")], credited.Select(t => (t.SequenceId, t.StepId)));
    }

    [Fact]
    public void Stage_advances_are_flagged_for_attribution_but_other_changes_are_not()
    {
        var projection = new FunnelLeads.Projection(Standard);
        var lead = FunnelLeads.New("l", Monday).Enter(Standard, Monday);
        Assert.Null(projection.Record(null, lead).AdvancedAt);
        var moved = lead.Advance(Standard, "needs-confirmed", Monday.AddDays(2));
        Assert.Equal(Monday.AddDays(2), projection.Record(lead, moved).AdvancedAt);
        var lost = moved.Lose(Standard, Monday.AddDays(3));
        Assert.Null(projection.Record(moved, lost).AdvancedAt);
        var reopened = lost.Reopen(Standard, Monday.AddDays(40));
        Assert.Null(projection.Record(lost, reopened).AdvancedAt);
    }

    [Fact]
    public void Cohorts_by_month_and_source()
    {
        var projection = new FunnelLeads.Projection(Standard);
        var feb = new DateTimeOffset(2026, 2, 10, 9, 0, 0, TimeSpan.Zero);
        // February: two website leads, one won after 10 days (4,000); March: one webinar lead, won after 4 days (6,000), one lost.
        var a = FunnelLeads.New("a", feb, "website", amount: 4_000m).Enter(Standard, feb);
        projection.RecordAll(a, a.Advance(Standard, "won", feb.AddDays(10)));
        projection.RecordAll(FunnelLeads.New("b", feb.AddDays(1), "website").Enter(Standard, feb.AddDays(1)));
        var c = FunnelLeads.New("c", Monday, "webinar", amount: 6_000m).Enter(Standard, Monday);
        projection.RecordAll(c, c.Advance(Standard, "won", Monday.AddDays(4)));
        var d = FunnelLeads.New("d", Monday, "website").Enter(Standard, Monday);
        projection.RecordAll(d, d.Lose(Standard, Monday.AddDays(1)));

        var cohorts = FunnelReportBuilder.BuildCohorts(Standard, projection.Rows, new FunnelQuery { PipelineId = Standard.Id });

        Assert.Equal(["2026-02", "2026-03"], cohorts.ByMonth.Select(r => r.Cohort));
        Assert.Equal(new CohortRow("2026-02", 2, [], 1, 0, 0.5, 10.0, 4_000m), cohorts.ByMonth[0] with { Reached = [] });
        Assert.Equal([2L, 1, 1, 1, 1, 1], cohorts.ByMonth[0].Reached);
        Assert.Equal((2L, 1L, 1L, 0.5, 4.0), (cohorts.ByMonth[1].Entered, cohorts.ByMonth[1].Won, cohorts.ByMonth[1].Lost, cohorts.ByMonth[1].WinRate!.Value, cohorts.ByMonth[1].AverageCycleDays!.Value));
        Assert.Equal(["webinar", "website"], cohorts.BySource.Select(r => r.Cohort));
        Assert.Equal((1L, 1L, 1.0), (cohorts.BySource[0].Entered, cohorts.BySource[0].Won, cohorts.BySource[0].WinRate!.Value));
        Assert.Equal((3L, 1L, 1L), (cohorts.BySource[1].Entered, cohorts.BySource[1].Won, cohorts.BySource[1].Lost));
        Assert.Equal(Standard.Stages.Select(s => s.Id), cohorts.StageIds);

        var marchOnly = FunnelReportBuilder.BuildCohorts(Standard, projection.Rows, new FunnelQuery { PipelineId = Standard.Id, From = new CohortMonth(2026, 3) });
        Assert.Equal(["2026-03"], marchOnly.ByMonth.Select(r => r.Cohort));
    }

    [Theory]
    [InlineData("2026-03", 2026, 3)]
    [InlineData("0001-12", 1, 12)]
    public void Cohort_months_parse_and_print(string text, int year, int month)
    {
        var parsed = CohortMonth.Parse(text);
        Assert.Equal(new CohortMonth(year, month), parsed);
        Assert.Equal(text, parsed.ToString());
        Assert.Equal(parsed, CohortMonth.FromOrdinal(parsed.Ordinal));
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-3")]
    [InlineData("26-03-01")]
    [InlineData(null)]
    public void Bad_cohort_months_are_refused(string? text) => Assert.False(CohortMonth.TryParse(text, out _));

    [Fact]
    public void Cohort_month_is_taken_in_utc_and_ranges_include_both_ends()
    {
        Assert.Equal(new CohortMonth(2026, 3), CohortMonth.Of(new DateTimeOffset(2026, 4, 1, 1, 0, 0, TimeSpan.FromHours(2))));
        Assert.Equal(["2025-11", "2025-12", "2026-01"], CohortMonth.Range(new(2025, 11), new(2026, 1)).Select(m => m.ToString()));
        Assert.Equal(new CohortMonth(2025, 4), new CohortMonth(2026, 3).AddMonths(-11));
    }
}
