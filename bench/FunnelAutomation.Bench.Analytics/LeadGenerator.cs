using System.Globalization;
using System.Runtime.CompilerServices;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Bench.Analytics;

/// <summary>Deterministic synthetic leads over one year in b2b-standard: seed-001-like conversions
/// (80/50/50/50/50 %), 5 sources, 20 reps in 5 teams, 4 grades; leads older than 60 days are mostly
/// closed, recent ones mostly open (about 30 % open overall).</summary>
internal static class LeadGenerator
{
    public static readonly DateTimeOffset Start = new(2025, 4, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Now = Start.AddDays(365);
    public static readonly string[] Sources = ["website", "webinar", "trade-show", "import", "referral"];
    public static readonly string[] Reps = [.. Enumerable.Range(0, 20).Select(i => string.Create(CultureInfo.InvariantCulture, $"rep-{i:D2}"))];
    private static readonly double[] Rates = [0.8, 0.5, 0.5, 0.5, 0.5];

    public static string TeamOf(string rep) => "team-" + (rep[^1] - '0') % 5;

    public static async IAsyncEnumerable<Lead> GenerateAsync(PipelineDefinition pipeline, int count, int seed, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            if (i % 10_000 == 0)
            {
                await Task.Yield();
                cancellationToken.ThrowIfCancellationRequested();
            }

            yield return Generate(pipeline, random, i);
        }
    }

    public static Lead Generate(PipelineDefinition pipeline, Random random, int i)
    {
        var created = Start.AddMinutes(random.Next(0, 365 * 24 * 60));
        var history = new List<StageTransition> { new(null, pipeline.Stages[0].Id, created, "form_submitted") };
        var at = created;
        var stage = 0;
        while (stage + 1 < pipeline.Stages.Count && random.NextDouble() < Rates[stage])
        {
            var next = at.AddHours(random.Next(12, 24 * ((pipeline.Stages[stage].NormDays ?? 7) + 5)));
            if (next >= Now)
            {
                break;
            }

            history.Add(new(pipeline.Stages[stage].Id, pipeline.Stages[stage + 1].Id, next, "rep"));
            at = next;
            stage++;
        }

        var status = stage == pipeline.Stages.Count - 1 ? LeadStatus.Won : LeadStatus.Open;
        var lostAt = at.AddDays(random.Next(1, 30));
        if (status == LeadStatus.Open && (Now - created).TotalDays > 60 && random.NextDouble() < 0.85 && lostAt < Now)
        {
            history.Add(new(pipeline.Stages[stage].Id, PipelineDefinition.LostStage, lostAt, "rep"));
            status = LeadStatus.Lost;
            at = lostAt;
        }

        var rep = Reps[random.Next(Reps.Length)];
        return new Lead
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"ld_{i:D8}"),
            Profile = new LeadProfile { Email = string.Create(CultureInfo.InvariantCulture, $"p{i}@buyer.example"), Source = Sources[random.Next(Sources.Length)] },
            CreatedAt = created,
            UpdatedAt = at,
            OwnerRepId = rep,
            Score = new LeadScore(50, (Grade)random.Next(4), Priority.Medium, [], "bench"),
            PipelineId = pipeline.Id,
            Stage = pipeline.Stages[stage].Id,
            Status = status,
            LostReason = status == LeadStatus.Lost ? "price" : null,
            History = history,
            Amount = random.Next(5, 200) * 500m,
        };
    }
}
