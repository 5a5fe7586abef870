using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Pipeline;

namespace FunnelAutomation.Core.Analytics;

/// <summary>Turns leads into funnel counters. A lead's <see cref="Contribution"/> is a pure function of its
/// current state and history; a change is applied as "new contribution minus old contribution", so a
/// change of owner, grade or pipeline moves the lead between buckets, and replaying every lead from
/// scratch (a rebuild) gives exactly the incrementally maintained figures.</summary>
/// <remarks>
/// Reading of the counters:
/// <list type="bullet">
/// <item>Reached: a lead counts in every stage up to the furthest one it ever entered. Skipped stages
/// count as reached (the standard funnel reading), so counts never increase down the funnel; a lost
/// lead still counts in the stages it reached.</item>
/// <item>Cycle: days from <see cref="Lead.CreatedAt"/> to the (last) move into the won stage.</item>
/// <item>Time in stage: each completed stay (entered, then left forward or to lost) adds its days and one
/// stay; the stage a lead is in now, and stages it skipped, add nothing.</item>
/// </list>
/// </remarks>
public static class FunnelProjection
{
    /// <summary>Precision of day sums (microdays, ~0.09 s), so sums are exact and order-independent.</summary>
    private const int DayDecimals = 6;

    public static FunnelBucketKey KeyOf(FunnelLeadSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var lead = snapshot.Lead;
        return new FunnelBucketKey(
            snapshot.Pipeline.Id,
            CohortMonth.Of(lead.CreatedAt),
            lead.Profile.Source ?? FunnelBucketKey.None,
            lead.OwnerRepId ?? FunnelBucketKey.None,
            snapshot.Team ?? FunnelBucketKey.None,
            lead.Score?.Grade.ToString() ?? FunnelBucketKey.None);
    }

    /// <summary>What the lead adds to its bucket's counters.</summary>
    public static FunnelCounters Contribution(FunnelLeadSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var (lead, pipeline, _) = snapshot;
        var counters = new FunnelCounters();
        var furthest = FurthestStageIndex(snapshot);
        for (var i = 0; i <= furthest; i++)
        {
            counters.Reached[pipeline.Stages[i].Id] = 1;
        }

        if (lead.Status == LeadStatus.Won)
        {
            var wonAt = lead.History.LastOrDefault(t => t.To == pipeline.WonStage.Id)?.At ?? lead.UpdatedAt;
            counters.Won = 1;
            counters.WonCycleDays = Days(lead.CreatedAt, wonAt);
            if (lead.Amount is { } amount)
            {
                counters.WonAmount = amount;
                counters.WonWithAmount = 1;
            }
        }
        else if (lead.Status == LeadStatus.Lost)
        {
            counters.Lost = 1;
        }

        var history = lead.History;
        for (var i = 0; i + 1 < history.Count; i++)
        {
            var stay = history[i];
            if (stay.To == PipelineDefinition.LostStage || pipeline.FindStage(stay.To) is not { Won: false })
            {
                continue;
            }

            counters.StageDays[stay.To] = counters.StageDays.GetValueOrDefault(stay.To) + Days(stay.At, history[i + 1].At);
            counters.StageStays[stay.To] = counters.StageStays.GetValueOrDefault(stay.To) + 1;
        }

        return counters;
    }

    /// <summary>The open-lead row for the lead, or null when it is won, lost or its stage is unknown.</summary>
    public static OpenLeadRow? OpenRow(FunnelLeadSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var (lead, pipeline, _) = snapshot;
        if (lead.Status != LeadStatus.Open || lead.Stage is null || pipeline.IndexOf(lead.Stage) < 0)
        {
            return null;
        }

        // After a reactivation the clock restarts: the lead re-entered its stage (lost → stage).
        var enteredAt = lead.History.LastOrDefault(t => t.To == lead.Stage)?.At ?? lead.CreatedAt;
        return new OpenLeadRow(lead.Id, KeyOf(snapshot), lead.Stage, enteredAt, lead.Amount, lead.UpdatedAt);
    }

    /// <summary>Index of the furthest stage the lead ever entered (-1 when none is known).</summary>
    public static int FurthestStageIndex(FunnelLeadSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var (lead, pipeline, _) = snapshot;
        var furthest = lead.Stage is null ? -1 : pipeline.IndexOf(lead.Stage);
        foreach (var transition in lead.History)
        {
            furthest = Math.Max(furthest, pipeline.IndexOf(transition.To));
        }

        return furthest;
    }

    /// <summary>The projection change for one lead change. <paramref name="before"/> is null for a new lead
    /// (or one not yet in a pipeline); <paramref name="after"/> null when the lead left every pipeline.</summary>
    public static FunnelChange Apply(FunnelLeadSnapshot? before, FunnelLeadSnapshot? after)
    {
        var deltas = new Dictionary<FunnelBucketKey, FunnelCounters>();
        if (before is not null)
        {
            Accumulate(deltas, KeyOf(before), Contribution(before), -1);
        }

        if (after is not null)
        {
            Accumulate(deltas, KeyOf(after), Contribution(after), 1);
        }

        var buckets = deltas
            .Select(p => new FunnelBucket(p.Key, p.Value.Compact()))
            .Where(b => !b.Counters.IsZero)
            .ToList();

        var openBefore = before is null ? null : OpenRow(before);
        var openAfter = after is null ? null : OpenRow(after);
        var upsert = openAfter is not null && (openBefore is null || openAfter with { Version = default } != openBefore with { Version = default })
            ? openAfter
            : null;
        var version = after?.Lead.UpdatedAt ?? before?.Lead.UpdatedAt ?? default;
        var delete = openBefore is not null && (openAfter is null || openAfter.PipelineId != openBefore.PipelineId)
            ? new OpenLeadKey(openBefore.PipelineId, openBefore.LeadId, version)
            : null;

        DateTimeOffset? advancedAt = null;
        if (before is not null && after is not null && before.Pipeline.Id == after.Pipeline.Id
            && FurthestStageIndex(after) > FurthestStageIndex(before) && after.Lead.History.Count > 0)
        {
            advancedAt = after.Lead.History[^1].At;
        }

        return new FunnelChange(buckets, upsert, delete, advancedAt);
    }

    /// <summary><see cref="Apply(FunnelLeadSnapshot?, FunnelLeadSnapshot?)"/> over plain leads: the pipeline
    /// and the owner's team are looked up through the given functions (a lead in no known pipeline
    /// contributes nothing).</summary>
    public static FunnelChange Apply(Lead? before, Lead? after, Func<string, PipelineDefinition?> pipelineOf, Func<string, string?> teamOf)
    {
        ArgumentNullException.ThrowIfNull(pipelineOf);
        ArgumentNullException.ThrowIfNull(teamOf);
        return Apply(Snapshot(before, pipelineOf, teamOf), Snapshot(after, pipelineOf, teamOf));
    }

    public static FunnelLeadSnapshot? Snapshot(Lead? lead, Func<string, PipelineDefinition?> pipelineOf, Func<string, string?> teamOf)
    {
        ArgumentNullException.ThrowIfNull(pipelineOf);
        ArgumentNullException.ThrowIfNull(teamOf);
        if (lead?.PipelineId is not { } pipelineId || pipelineOf(pipelineId) is not { } pipeline)
        {
            return null;
        }

        return new FunnelLeadSnapshot(lead, pipeline, lead.OwnerRepId is { } owner ? teamOf(owner) : null);
    }

    internal static decimal Days(DateTimeOffset from, DateTimeOffset to)
    {
        var ticks = Math.Max(0, (to - from).Ticks);
        return Math.Round((decimal)ticks / TimeSpan.TicksPerDay, DayDecimals, MidpointRounding.ToEven);
    }

    private static void Accumulate(Dictionary<FunnelBucketKey, FunnelCounters> deltas, FunnelBucketKey key, FunnelCounters counters, int sign)
    {
        if (!deltas.TryGetValue(key, out var total))
        {
            total = new FunnelCounters();
            deltas[key] = total;
        }

        total.Add(counters, sign);
    }
}
