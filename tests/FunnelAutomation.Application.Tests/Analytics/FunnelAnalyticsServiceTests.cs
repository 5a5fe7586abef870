using FunnelAutomation.Application.Analytics;
using FunnelAutomation.Core.Analytics;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Application.Tests.Analytics;

public class FunnelAnalyticsServiceTests
{
    private const string Pipeline = "b2b-standard";

    /// <summary>Seed 001's week through the service: 100 leads, 80/40/20/10/5 moving on, 5 won at 10,000.</summary>
    private static Task<AnalyticsHarness> SeedWeekAsync() => SeedAsync([100, 80, 40, 20, 10, 5]);

    /// <summary>reach[0] leads enter, reach[s] of them get to stage s (the last stage is the win at 10,000).</summary>
    private static async Task<AnalyticsHarness> SeedAsync(int[] reach)
    {
        var h = await AnalyticsHarness.CreateAsync();
        var monday = h.Now.AddDays(-8);
        for (var i = 0; i < reach[0]; i++)
        {
            var lead = h.Enter(AnalyticsHarness.NewLead($"w{i:D3}", monday.AddMinutes(i), i % 2 == 0 ? "ana" : "ben", amount: 10_000m), monday.AddMinutes(i));
            var states = new List<Lead> { lead };
            for (var s = 1; s < reach.Length && i < reach[s]; s++)
            {
                lead = h.Advance(lead, h.Pipeline.Stages[s].Id, monday.AddDays(s).AddMinutes(i));
                states.Add(lead);
            }

            await h.RecordAsync([.. states]);
        }

        return h;
    }

    [Fact]
    public async Task The_seed_week_recorded_through_the_service_gives_the_seed_report()
    {
        var h = await SeedWeekAsync();

        var report = await h.Service.GetFunnelAsync(new FunnelQuery { PipelineId = Pipeline });

        Assert.Equal([100L, 80, 40, 20, 10, 5], report.Stages.Select(s => s.Reached));
        Assert.Equal([0.8, 0.5, 0.5, 0.5, 0.5], report.StageConversions.Select(c => c!.Value));
        Assert.Equal(0.05, report.WinRate);
        Assert.Equal(10_000m, report.AverageDealSize);
        // Defaults: the twelve months up to the current one.
        Assert.Equal(CohortMonth.Of(h.Now), report.Query.To);
        Assert.Equal(CohortMonth.Of(h.Now).AddMonths(-11), report.Query.From);
    }

    [Fact]
    public async Task Teams_come_from_the_rep_store()
    {
        var h = await SeedWeekAsync();

        var north = await h.Service.GetFunnelAsync(new FunnelQuery { PipelineId = Pipeline, Team = "north" });
        var ben = await h.Service.GetFunnelAsync(new FunnelQuery { PipelineId = Pipeline, RepId = "ben" });

        // ana owns the even leads: 50 entered; winners w000..w004 → ana has w000, w002, w004.
        Assert.Equal(50, north.Entered);
        Assert.Equal(3, north.Won);
        Assert.Equal(50, ben.Entered);
        Assert.Equal(2, ben.Won);
    }

    [Fact]
    public async Task Reverse_funnel_uses_the_measured_rates_and_deal_size()
    {
        var h = await SeedWeekAsync();
        var query = new FunnelQuery { PipelineId = Pipeline };

        var plan = await h.Service.PlanReverseFunnelAsync(query, 50_000m);
        Assert.True(plan.IsSuccess);
        Assert.Equal([100L, 80, 40, 20, 10, 5], plan.Value.Stages.Select(s => s.LeadsNeeded));
        Assert.Equal(h.Pipeline.Stages.Select(s => s.Id), plan.Value.Stages.Select(s => s.StageId));

        // Forward again through the same measured rates: the target comes back.
        var report = await h.Service.GetFunnelAsync(query);
        var forward = ReverseFunnel.Project(plan.Value.LeadsNeeded, report.StageConversions.Select(r => r!.Value).ToList());
        Assert.Equal(5.0, forward[^1], 9);
        Assert.Equal(50_000m, (decimal)forward[^1] * report.AverageDealSize!.Value);

        var bigger = await h.Service.PlanReverseFunnelAsync(query, 1_000_000m, averageDealSize: 25_000m);
        Assert.Equal(40, bigger.Value.DealsNeeded);
        Assert.Equal(800, bigger.Value.LeadsNeeded); // 40 / .5⁴ = 640, / .8 = 800
    }

    /// <summary>Issue 18: conversions 11/21 and 5/11 as doubles made 20 deals need 45 leads, not 44.</summary>
    [Fact]
    public async Task Reverse_funnel_over_exact_ratios_plans_exact_counts()
    {
        var h = await SeedAsync([105, 84, 42, 21, 11, 5]);

        var plan = await h.Service.PlanReverseFunnelAsync(new FunnelQuery { PipelineId = Pipeline }, 200_000m);

        Assert.Equal(20, plan.Value.DealsNeeded);
        Assert.Equal([420L, 336, 168, 84, 44, 20], plan.Value.Stages.Select(s => s.LeadsNeeded));
        Assert.Equal(5.0 / 11, plan.Value.Stages[4].ConversionToNext);
    }

    [Theory]
    [InlineData("100000000000000000000", null)] // 10^20: the deals needed pass the range of a long
    [InlineData("1000000000000000", "0.000000001")] // the largest target, a tiny deal size
    public async Task Reverse_funnel_with_an_enormous_target_is_refused_by_field_not_thrown(string target, string? dealSize)
    {
        var h = await SeedWeekAsync();

        var plan = await h.Service.PlanReverseFunnelAsync(
            new FunnelQuery { PipelineId = Pipeline },
            decimal.Parse(target, System.Globalization.CultureInfo.InvariantCulture),
            dealSize is null ? null : decimal.Parse(dealSize, System.Globalization.CultureInfo.InvariantCulture));

        Assert.False(plan.IsSuccess);
        Assert.Equal("$.revenueTarget", Assert.Single(plan.Errors).Path);
    }

    [Fact]
    public async Task Reverse_funnel_without_measurements_says_what_is_missing()
    {
        var h = await AnalyticsHarness.CreateAsync();
        await h.RecordAsync(h.Enter(AnalyticsHarness.NewLead("only", h.Now), h.Now));

        var plan = await h.Service.PlanReverseFunnelAsync(new FunnelQuery { PipelineId = Pipeline }, 10_000m);

        Assert.False(plan.IsSuccess);
        Assert.Contains(plan.Errors, e => e.Path == "$.stages[1]");
        Assert.Contains(plan.Errors, e => e.Path == "$.averageDealSize");
    }

    [Fact]
    public async Task Unknown_pipelines_and_reversed_ranges_are_bad_input()
    {
        var h = await AnalyticsHarness.CreateAsync();

        var unknown = await Assert.ThrowsAsync<InvalidInputException>(() => h.Service.GetFunnelAsync(new FunnelQuery { PipelineId = "nope" }));
        Assert.Equal("$.pipelineId", Assert.Single(unknown.Errors).Path);
        await Assert.ThrowsAsync<InvalidInputException>(() => h.Service.GetCohortsAsync(new FunnelQuery { PipelineId = Pipeline, From = new(2026, 5), To = new(2026, 1) }));
    }

    [Fact]
    public async Task Owner_changes_and_closing_move_rows_and_counters()
    {
        var h = await AnalyticsHarness.CreateAsync();
        var t = h.Now.AddDays(-20);
        var lead = h.Enter(AnalyticsHarness.NewLead("deal", t, "ana", 7_000m, grade: Grade.B), t);
        var reassigned = lead with { OwnerRepId = "ben", UpdatedAt = t.AddDays(1) };
        var advanced = h.Advance(reassigned, "quote-negotiation", t.AddDays(2));
        await h.RecordAsync(lead, reassigned, advanced);

        var open = Assert.Single(await h.Projection.ListOpenLeadsAsync(Pipeline, CancellationToken.None));
        Assert.Equal(("ben", "south", "quote-negotiation"), (open.Bucket.OwnerRepId, open.Bucket.Team, open.Stage));
        var south = await h.Service.GetFunnelAsync(new FunnelQuery { PipelineId = Pipeline, Team = "south" });
        Assert.Equal(7_000m * 0.6m, south.WeightedForecast);
        Assert.Equal(0, (await h.Service.GetFunnelAsync(new FunnelQuery { PipelineId = Pipeline, RepId = "ana" })).Entered);

        var won = h.Advance(advanced, "won", t.AddDays(12));
        await h.Service.RecordLeadChangeAsync(advanced, won);
        Assert.Empty(await h.Projection.ListOpenLeadsAsync(Pipeline, CancellationToken.None));
        var report = await h.Service.GetFunnelAsync(new FunnelQuery { PipelineId = Pipeline });
        Assert.Equal((1L, 12.0, 7_000m, 0m), (report.Won, report.AverageCycleDays!.Value, report.AverageDealSize!.Value, report.OpenPipelineValue));
    }

    [Fact]
    public async Task Email_events_count_per_step_and_advances_are_credited_within_the_window()
    {
        var h = await AnalyticsHarness.CreateAsync();
        var t = h.Now.AddDays(-30);
        var lead = h.Enter(AnalyticsHarness.NewLead("nurtured", t), t);
        await h.RecordAsync(lead);

        await h.Service.RecordEmailEventAsync("welcome-nurture", "welcome", EmailEventType.Sent, lead.Id, t.AddDays(1));
        await h.Service.RecordEmailEventAsync("welcome-nurture", "welcome", EmailEventType.Delivered);
        await h.Service.RecordEmailEventAsync("welcome-nurture", "welcome", EmailEventType.Opened);
        await h.Service.RecordEmailEventAsync("welcome-nurture", "product-benefits", EmailEventType.Sent, lead.Id, t.AddDays(5));
        await h.Service.RecordEmailEventAsync("welcome-nurture", "product-benefits", EmailEventType.Clicked);
        await h.Service.RecordEmailEventAsync("win-back", "hello", EmailEventType.Sent, lead.Id, t.AddDays(-40));

        // Replied 3 days after product-benefits: credited to welcome-nurture/product-benefits only
        // (win-back's last email is 48 days old, outside the 14-day window).
        var replied = h.Advance(lead, "initial-contact", t.AddDays(8));
        var change = await h.Service.RecordLeadChangeAsync(lead, replied);
        Assert.Equal(t.AddDays(8), change.AdvancedAt);
        // A change that moves no stage credits nothing.
        await h.Service.RecordLeadChangeAsync(replied, replied with { Amount = 5m, UpdatedAt = t.AddDays(9) });

        var performance = await h.Service.GetSequencePerformanceAsync();
        var welcome = Assert.Single(performance, p => p.SequenceId == "welcome-nurture");
        Assert.Equal(["welcome", "product-benefits"], welcome.Steps.Select(s => s.StepId)); // sequence order
        Assert.Equal(new SequenceStepCounters("welcome-nurture", "welcome", Sent: 1, Delivered: 1, Opened: 1), welcome.Steps[0]);
        Assert.Equal(new SequenceStepCounters("welcome-nurture", "product-benefits", Sent: 1, Clicked: 1, Conversions: 1), welcome.Steps[1]);
        Assert.Equal(1, welcome.Totals.Conversions);
        Assert.Equal(2, welcome.Totals.Sent);
        var winBack = Assert.Single(await h.Service.GetSequencePerformanceAsync("win-back"));
        Assert.Equal(0, winBack.Totals.Conversions);
    }

    [Fact]
    public async Task One_email_converts_once_however_many_stages_the_lead_then_moves()
    {
        // Issue 16: after 3 sends the panel showed "Conv. 166.7 %": every stage advance credited the last email again.
        var h = await AnalyticsHarness.CreateAsync();
        var t = h.Now.AddDays(-30);
        var leads = new List<FunnelAutomation.Core.Leads.Lead>();
        for (var i = 0; i < 3; i++)
        {
            var lead = h.Enter(AnalyticsHarness.NewLead("conv-" + i, t), t);
            await h.RecordAsync(lead);
            await h.Service.RecordEmailEventAsync("welcome-nurture", "welcome", EmailEventType.Sent, lead.Id, t.AddDays(1));
            leads.Add(lead);
        }

        // Two of the three move on, one of them through three stages inside the window.
        var fast = leads[0];
        foreach (var (stage, day) in new[] { ("initial-contact", 2), ("needs-confirmed", 3), ("solution-proposed", 4) })
        {
            var next = h.Advance(fast, stage, t.AddDays(day));
            await h.Service.RecordLeadChangeAsync(fast, next);
            fast = next;
        }

        var slow = h.Advance(leads[1], "initial-contact", t.AddDays(5));
        await h.Service.RecordLeadChangeAsync(leads[1], slow);

        var step = Assert.Single(await h.Service.GetSequencePerformanceAsync("welcome-nurture")).Steps.Single(s => s.StepId == "welcome");
        Assert.Equal(3, step.Sent);
        Assert.Equal(2, step.Conversions);
        Assert.Equal(2.0 / 3, step.ConversionRate!.Value, 9);

        // A later email of the sequence can convert again: it is a new email.
        await h.Service.RecordEmailEventAsync("welcome-nurture", "product-benefits", EmailEventType.Sent, fast.Id, t.AddDays(6));
        var won = h.Advance(fast, "won", t.AddDays(7));
        await h.Service.RecordLeadChangeAsync(fast, won);
        var benefits = Assert.Single(await h.Service.GetSequencePerformanceAsync("welcome-nurture")).Steps.Single(s => s.StepId == "product-benefits");
        Assert.Equal(1, benefits.Conversions);
        Assert.True(benefits.ConversionRate <= 1.0);
    }

    [Fact]
    public async Task Cohorts_come_from_the_same_buckets()
    {
        var h = await SeedWeekAsync();
        var old = h.Now.AddMonths(-2);
        var imported = h.Enter(AnalyticsHarness.NewLead("older", old, source: "import"), old);
        await h.RecordAsync(imported, h.Lose(imported, old.AddDays(3)));

        var cohorts = await h.Service.GetCohortsAsync(new FunnelQuery { PipelineId = Pipeline });

        Assert.Equal([CohortMonth.Of(old).ToString(), CohortMonth.Of(h.Now.AddDays(-8)).ToString()], cohorts.ByMonth.Select(r => r.Cohort));
        Assert.Equal([1L, 100], cohorts.ByMonth.Select(r => r.Entered));
        Assert.Equal(["import", "website"], cohorts.BySource.Select(r => r.Cohort));
        Assert.Equal((1L, 0L, 1L), (cohorts.BySource[0].Entered, cohorts.BySource[0].Won, cohorts.BySource[0].Lost));
    }
}
