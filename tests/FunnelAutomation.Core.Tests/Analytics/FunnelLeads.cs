using FunnelAutomation.Core.Analytics;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Core.Tests.Analytics;

/// <summary>Builds leads with real pipeline histories (through PipelineRules) and projects them.</summary>
internal static class FunnelLeads
{
    public static Lead New(string id, DateTimeOffset createdAt, string source = "website", string? owner = null, Grade? grade = null, decimal? amount = null) => new()
    {
        Id = id,
        Profile = new LeadProfile { Email = id + "@buyer.example", Source = source },
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
        OwnerRepId = owner,
        Score = grade is { } g ? new LeadScore(50, g, Priority.Medium, [], "test") : null,
        Amount = amount,
    };

    public static Lead Enter(this Lead lead, PipelineDefinition pipeline, DateTimeOffset at, string? stage = null) =>
        With(lead, PipelineProgress.Enter(pipeline, at, "form_submitted", stage), at);

    public static Lead Advance(this Lead lead, PipelineDefinition pipeline, string stage, DateTimeOffset at) =>
        Moved(lead, PipelineRules.Advance(pipeline, PipelineProgress.Of(lead)!, stage, at, "rep"), at);

    public static Lead Lose(this Lead lead, PipelineDefinition pipeline, DateTimeOffset at, string reason = "competitor") =>
        Moved(lead, PipelineRules.MarkLost(pipeline, PipelineProgress.Of(lead)!, reason, at, "rep"), at);

    public static Lead Reopen(this Lead lead, PipelineDefinition pipeline, DateTimeOffset at) =>
        Moved(lead, PipelineRules.Reopen(pipeline, PipelineProgress.Of(lead)!, at, PipelineRules.ReactivationCause), at);

    public static Lead With(Lead lead, PipelineProgress progress, DateTimeOffset at) => lead with
    {
        PipelineId = progress.PipelineId,
        Stage = progress.Stage,
        Status = progress.Status,
        LostReason = progress.LostReason,
        History = progress.History,
        UpdatedAt = at,
    };

    private static Lead Moved(Lead lead, StageMove move, DateTimeOffset at)
    {
        Assert.True(move.Moved, move.Reason);
        return With(lead, move.Progress, at);
    }

    /// <summary>An in-memory projection fed through <see cref="FunnelProjection.Apply(FunnelLeadSnapshot?, FunnelLeadSnapshot?)"/>.</summary>
    public sealed class Projection(PipelineDefinition pipeline, IReadOnlyDictionary<string, string>? teams = null)
    {
        public Dictionary<FunnelBucketKey, FunnelCounters> Buckets { get; } = [];

        public Dictionary<string, OpenLeadRow> Open { get; } = [];

        public FunnelLeadSnapshot? Snapshot(Lead? lead) =>
            FunnelProjection.Snapshot(lead, id => id == pipeline.Id ? pipeline : null, rep => teams?.GetValueOrDefault(rep));

        public FunnelChange Record(Lead? before, Lead after)
        {
            var change = FunnelProjection.Apply(Snapshot(before), Snapshot(after));
            foreach (var delta in change.Deltas)
            {
                if (!Buckets.TryGetValue(delta.Key, out var counters))
                {
                    counters = new FunnelCounters();
                    Buckets[delta.Key] = counters;
                }

                counters.Add(delta.Counters);
                if (counters.Compact().IsZero)
                {
                    Buckets.Remove(delta.Key);
                }
            }

            if (change.DeleteOpen is { } key)
            {
                Open.Remove(key.LeadId);
            }

            if (change.UpsertOpen is { } row)
            {
                Open[row.LeadId] = row;
            }

            return change;
        }

        /// <summary>Records a lead's whole life as one change per stored state (null → s0 → s1 → …).</summary>
        public void RecordAll(params Lead[] states)
        {
            Lead? before = null;
            foreach (var state in states)
            {
                Record(before, state);
                before = state;
            }
        }

        public IEnumerable<FunnelBucket> Rows => Buckets.Select(p => new FunnelBucket(p.Key, p.Value));

        public FunnelReport Report(FunnelQuery query, DateTimeOffset now) =>
            FunnelReportBuilder.Build(pipeline, Rows, Open.Values, query, now);
    }
}
