using FunnelAutomation.Core.Analytics;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Pipeline;
using static FunnelAutomation.Core.Tests.Pipeline.PipelineFixtures;

namespace FunnelAutomation.Core.Tests.Analytics;

/// <summary>Seed 001's week (100 → 80 → 40 → 20 → 10 → 5) recorded change by change through the projection.</summary>
public class Seed001FunnelReportTests
{
    private static readonly (string Action, int Count, int Day)[] Week =
    [
        ("replied", 80, 1),
        ("meeting_held", 40, 2),
        ("proposal_sent", 20, 3),
        ("quote_requested", 10, 4),
        ("contract_signed", 5, 5),
    ];

    private static FunnelLeads.Projection Replay()
    {
        var projection = new FunnelLeads.Projection(Standard);
        var leads = Enumerable.Range(0, 100)
            .Select(i => FunnelLeads.New($"lead-{i:D3}", Monday.AddMinutes(i), amount: 1_000m).Enter(Standard, Monday.AddMinutes(i)))
            .ToArray();
        foreach (var lead in leads)
        {
            projection.Record(null, lead);
        }

        foreach (var (action, count, day) in Week)
        {
            for (var i = 0; i < count; i++)
            {
                var at = Monday.AddDays(day).AddMinutes(i);
                var move = PipelineRules.ApplyAction(Standard, PipelineProgress.Of(leads[i])!, action, at);
                Assert.True(move.Moved, move.Reason);
                var after = FunnelLeads.With(leads[i], move.Progress, at);
                projection.Record(leads[i], after);
                leads[i] = after;
            }
        }

        return projection;
    }

    [Fact]
    public void The_week_gives_the_seed_conversions_and_a_five_percent_win_rate()
    {
        var report = Replay().Report(new FunnelQuery { PipelineId = Standard.Id }, Monday.AddDays(6));

        Assert.Equal([100L, 80, 40, 20, 10, 5], report.Stages.Select(s => s.Reached));
        Assert.Equal([null, 0.8, 0.5, 0.5, 0.5, 0.5], report.Stages.Select(s => s.ConversionFromPrevious));
        Assert.Equal([1.0, 0.8, 0.4, 0.2, 0.1, 0.05], report.Stages.Select(s => s.ConversionFromTop!.Value));
        Assert.Equal(100, report.Entered);
        Assert.Equal(5, report.Won);
        Assert.Equal(0.05, report.WinRate);
        Assert.Equal(95, report.Open);
        Assert.Equal(0, report.Lost);
        // Open leads by stage: 20 prospects, 40 in initial contact, 20 needs confirmed, 10 solution, 5 quote.
        Assert.Equal([20L, 40, 20, 10, 5, 0], report.Stages.Select(s => s.Open));
    }

    [Fact]
    public void Counts_never_increase_down_the_funnel_even_when_leads_skip_stages()
    {
        var projection = new FunnelLeads.Projection(Standard);
        // Straight from prospect to won: it counts as having reached every stage in between.
        var lead = FunnelLeads.New("skipper", Monday).Enter(Standard, Monday);
        projection.RecordAll(lead, lead.Advance(Standard, "won", Monday.AddDays(3)));
        var imported = FunnelLeads.New("imported", Monday).Enter(Standard, Monday, "solution-proposed");
        projection.RecordAll(imported);

        var report = projection.Report(new FunnelQuery { PipelineId = Standard.Id }, Monday.AddDays(4));

        Assert.Equal([2L, 2, 2, 2, 1, 1], report.Stages.Select(s => s.Reached));
        Assert.True(report.Stages.Zip(report.Stages.Skip(1)).All(p => p.Second.Reached <= p.First.Reached));
    }

    [Fact]
    public void The_seed_rates_plan_one_hundred_leads_for_five_deals()
    {
        var report = Replay().Report(new FunnelQuery { PipelineId = Standard.Id }, Monday.AddDays(6));
        var rates = report.StageConversions.Select(r => r!.Value).ToList();

        var plan = ReverseFunnel.Plan(50_000m, 10_000m, rates, Standard.Stages.Select(s => s.Id).ToList());

        Assert.True(plan.IsSuccess);
        Assert.Equal(5, plan.Value.DealsNeeded);
        Assert.Equal([100L, 80, 40, 20, 10, 5], plan.Value.Stages.Select(s => s.LeadsNeeded));
        Assert.Equal("prospect", plan.Value.Stages[0].StageId);
        Assert.Equal(100, plan.Value.LeadsNeeded);
    }

    [Fact]
    public void A_lead_never_entering_a_pipeline_contributes_nothing()
    {
        var projection = new FunnelLeads.Projection(Standard);
        var change = projection.Record(null, FunnelLeads.New("loose", Monday));

        Assert.True(change.IsEmpty);
        Assert.Empty(projection.Buckets);
        Assert.Equal(LeadStatus.Open, FunnelLeads.New("x", Monday).Status);
    }
}
