using FsCheck.Xunit;
using FunnelAutomation.Core.Analytics;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Scoring;
using static FunnelAutomation.Core.Tests.Pipeline.PipelineFixtures;

namespace FunnelAutomation.Core.Tests.Analytics;

/// <summary>Incremental projection (one delta per change) ≡ rebuild from final histories.</summary>
public class ProjectionProperties
{
    private static readonly string?[] Owners = [null, "rep-1", "rep-2", "rep-3"];
    private static readonly Dictionary<string, string> Teams = new() { ["rep-1"] = "emea", ["rep-2"] = "apac" };

    /// <summary>Random lives: moves forward (skips included), losses, reactivations, owner, grade, amount
    /// and source changes, recorded change by change.</summary>
    internal static List<Lead[]> RandomLives(int seed, int leads)
    {
        var random = new Random(seed);
        var lives = new List<Lead[]>();
        for (var l = 0; l < leads; l++)
        {
            var created = Monday.AddDays(random.Next(-70, 0)).AddMinutes(random.Next(0, 1440));
            var lead = FunnelLeads.New($"lead-{l}", created, random.Next(3) == 0 ? "import" : "website", Owners[random.Next(Owners.Length)], (Grade)random.Next(4), random.Next(2) == 0 ? null : random.Next(1, 500) * 100m)
                .Enter(Standard, created);
            var states = new List<Lead> { lead };
            var at = created;
            for (var step = random.Next(0, 8); step > 0; step--)
            {
                at = at.AddHours(random.Next(1, 24 * 12));
                var progress = PipelineProgress.Of(lead)!;
                var next = random.Next(7) switch
                {
                    0 or 1 => Move(lead, PipelineRules.Advance(Standard, progress, Standard.Stages[random.Next(Standard.Stages.Count)].Id, at, "rep"), at),
                    2 => Move(lead, PipelineRules.MarkLost(Standard, progress, random.Next(5) == 0 ? "do-not-contact" : "price", at, "rep"), at),
                    3 => Move(lead, PipelineRules.Reopen(Standard, progress, at, PipelineRules.ReactivationCause), at),
                    4 => lead with { OwnerRepId = Owners[random.Next(Owners.Length)], UpdatedAt = at },
                    5 => lead with { Score = new LeadScore(10, (Grade)random.Next(4), Priority.Low, [], "t"), Amount = random.Next(0, 500) * 50m, UpdatedAt = at },
                    _ => lead with { Profile = lead.Profile with { Source = random.Next(2) == 0 ? "webinar" : "website" }, UpdatedAt = at },
                };
                if (next is not null)
                {
                    states.Add(next);
                    lead = next;
                }
            }

            lives.Add([.. states]);
        }

        return lives;
    }

    private static Lead? Move(Lead lead, StageMove move, DateTimeOffset at) => move.Moved ? FunnelLeads.With(lead, move.Progress, at) : null;

    [Property(MaxTest = 100)]
    public bool Incremental_equals_rebuild(int seed)
    {
        var lives = RandomLives(seed, 25);
        var incremental = new FunnelLeads.Projection(Standard, Teams);
        foreach (var life in lives)
        {
            incremental.RecordAll(life);
        }

        var rebuilt = new FunnelLeads.Projection(Standard, Teams);
        foreach (var life in lives)
        {
            rebuilt.Record(null, life[^1]);
        }

        var sameBuckets = incremental.Buckets.Count == rebuilt.Buckets.Count
            && incremental.Buckets.All(p => rebuilt.Buckets.TryGetValue(p.Key, out var other) && other.SameAs(p.Value));
        var sameOpen = incremental.Open.Count == rebuilt.Open.Count
            && incremental.Open.All(p => rebuilt.Open.TryGetValue(p.Key, out var other) && other with { Version = default } == p.Value with { Version = default });
        var query = new FunnelQuery { PipelineId = Standard.Id };
        var now = Monday.AddDays(60);
        var a = incremental.Report(query, now);
        var b = rebuilt.Report(query, now);
        return sameBuckets && sameOpen
            && a.Stages.SequenceEqual(b.Stages)
            && a.Stalled.SequenceEqual(b.Stalled)
            && (a.Won, a.Lost, a.Open, a.AverageCycleDays, a.WeightedForecast, a.Bottleneck) == (b.Won, b.Lost, b.Open, b.AverageCycleDays, b.WeightedForecast, b.Bottleneck);
    }

    [Property(MaxTest = 100)]
    public bool Reached_counts_never_increase_down_the_funnel_and_close_counts_add_up(int seed)
    {
        var projection = new FunnelLeads.Projection(Standard, Teams);
        var lives = RandomLives(seed, 30);
        foreach (var life in lives)
        {
            projection.RecordAll(life);
        }

        var report = projection.Report(new FunnelQuery { PipelineId = Standard.Id }, Monday.AddDays(60));
        return report.Stages.Zip(report.Stages.Skip(1)).All(p => p.Second.Reached <= p.First.Reached)
            && report.Entered == lives.Count
            && report.Won + report.Lost + report.Open == lives.Count
            && report.Won == report.Stages[^1].Reached;
    }

    [Fact]
    public void Undoing_every_lead_leaves_an_empty_projection()
    {
        var projection = new FunnelLeads.Projection(Standard, Teams);
        var lives = RandomLives(42, 40);
        foreach (var life in lives)
        {
            projection.RecordAll(life);
        }

        Assert.NotEmpty(projection.Buckets);
        foreach (var life in lives)
        {
            var change = FunnelProjection.Apply(projection.Snapshot(life[^1]), null);
            foreach (var delta in change.Deltas)
            {
                projection.Buckets[delta.Key].Add(delta.Counters);
            }
        }

        Assert.All(projection.Buckets.Values, c => Assert.True(c.IsZero));
    }
}
