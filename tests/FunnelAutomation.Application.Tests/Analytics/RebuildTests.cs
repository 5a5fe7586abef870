using FunnelAutomation.Application.Analytics;
using FunnelAutomation.Core.Analytics;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Application.Tests.Analytics;

public class RebuildTests
{
    private static readonly string?[] Owners = [null, "ana", "ben"];

    /// <summary>Random lives recorded change by change, then a rebuild from the stored leads: same report,
    /// same buckets, same open leads.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(2026)]
    public async Task Rebuild_from_histories_gives_the_incremental_report(int seed)
    {
        var h = await AnalyticsHarness.CreateAsync();
        var random = new Random(seed);
        for (var l = 0; l < 60; l++)
        {
            var created = h.Now.AddDays(-random.Next(1, 200));
            var lead = h.Enter(AnalyticsHarness.NewLead($"r{l}", created, Owners[random.Next(3)], random.Next(2) == 0 ? null : random.Next(1, 100) * 500m, random.Next(2) == 0 ? "website" : "import", (Grade)random.Next(4)), created);
            var states = new List<Lead> { lead };
            var at = created;
            for (var step = random.Next(6); step > 0; step--)
            {
                at = at.AddHours(random.Next(1, 200));
                var progress = PipelineProgress.Of(lead)!;
                var next = random.Next(5) switch
                {
                    0 or 1 => h.TryMove(lead, PipelineRules.Advance(h.Pipeline, progress, h.Pipeline.Stages[random.Next(6)].Id, at, "rep"), at),
                    2 => h.TryMove(lead, PipelineRules.MarkLost(h.Pipeline, progress, "price", at, "rep"), at),
                    3 => h.TryMove(lead, PipelineRules.Reopen(h.Pipeline, progress, at, PipelineRules.ReactivationCause), at),
                    _ => lead with { OwnerRepId = Owners[random.Next(3)], Score = new LeadScore(1, (Grade)random.Next(4), Priority.Low, [], "t"), UpdatedAt = at },
                };
                if (next is not null)
                {
                    states.Add(next);
                    lead = next;
                }
            }

            await h.RecordAsync([.. states]);
        }

        var query = new FunnelQuery { PipelineId = h.Pipeline.Id };
        var incremental = await h.Service.GetFunnelAsync(query);
        var incrementalCohorts = await h.Service.GetCohortsAsync(query);
        var incrementalOpen = (await h.Projection.ListOpenLeadsAsync(h.Pipeline.Id, CancellationToken.None)).OrderBy(r => r.LeadId).Select(r => r with { Version = default }).ToList();

        var result = await h.Service.RebuildAsync(h.App.Stores.ListAllAsync(CancellationToken.None));
        var rebuilt = await h.Service.GetFunnelAsync(query);

        Assert.Equal(60, result.LeadsRead);
        Assert.Equal(60, result.LeadsProjected);
        Assert.Equal(incremental.Open, result.OpenLeads);
        Assert.Equal(incremental.Stages, rebuilt.Stages);
        Assert.Equal(incremental.Stalled, rebuilt.Stalled);
        Assert.Equal(
            (incremental.Won, incremental.Lost, incremental.AverageCycleDays, incremental.AverageDealSize, incremental.WeightedForecast, incremental.Bottleneck),
            (rebuilt.Won, rebuilt.Lost, rebuilt.AverageCycleDays, rebuilt.AverageDealSize, rebuilt.WeightedForecast, rebuilt.Bottleneck));
        var rebuiltCohorts = await h.Service.GetCohortsAsync(query);
        Assert.Equal(incrementalCohorts.ByMonth.Select(r => (r.Cohort, r.Entered, r.Won, r.Lost, r.AverageCycleDays)), rebuiltCohorts.ByMonth.Select(r => (r.Cohort, r.Entered, r.Won, r.Lost, r.AverageCycleDays)));
        var rebuiltOpen = (await h.Projection.ListOpenLeadsAsync(h.Pipeline.Id, CancellationToken.None)).OrderBy(r => r.LeadId).Select(r => r with { Version = default }).ToList();
        Assert.Equal(incrementalOpen, rebuiltOpen);
        Assert.True(incremental.Entered == 60);
    }

    [Fact]
    public async Task Rebuild_repairs_a_lost_update_and_keeps_sequence_counters()
    {
        var h = await AnalyticsHarness.CreateAsync();
        var t = h.Now.AddDays(-5);
        var lead = h.Enter(AnalyticsHarness.NewLead("lost-update", t, "ana", 1_000m), t);
        await h.RecordAsync(lead);
        await h.Service.RecordEmailEventAsync("welcome-nurture", "welcome", EmailEventType.Sent, lead.Id, t);
        // The lead is won in the store, but the projection never heard of it (crash before recording).
        var won = h.Advance(lead, "won", t.AddDays(2));
        await h.App.Stores.UpdateAsync(lead.Id, _ => won, CancellationToken.None);
        Assert.Equal(0, (await h.Service.GetFunnelAsync(new FunnelQuery { PipelineId = h.Pipeline.Id })).Won);

        await h.Service.RebuildAsync(h.App.Stores.ListAllAsync(CancellationToken.None));

        var report = await h.Service.GetFunnelAsync(new FunnelQuery { PipelineId = h.Pipeline.Id });
        Assert.Equal((1L, 0L, 1_000m), (report.Won, report.Open, report.WonRevenue));
        Assert.Equal(1, (await h.Service.GetSequencePerformanceAsync("welcome-nurture"))[0].Totals.Sent);
    }
}
