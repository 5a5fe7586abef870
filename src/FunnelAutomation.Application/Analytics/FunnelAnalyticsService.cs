using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Analytics;
using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Nurture;
using FunnelAutomation.Core.Pipeline;

namespace FunnelAutomation.Application.Analytics;

/// <summary>Keeps the funnel projection up to date and answers the manager's questions from it.
/// Hooks: <see cref="RecordLeadChangeAsync"/> after every stored lead change, and
/// <see cref="RecordEmailEventAsync"/> for every sequence email sent or reported by the provider.</summary>
/// <remarks>Counters are deltas, so each lead change must be recorded exactly once with the lead as it was
/// before and after the write; a lost or doubled record (a crash between the lead write and this call)
/// is repaired by <see cref="RebuildAsync"/>. The team dimension is the owner's team when the change is
/// recorded; after moving a rep to another team, rebuild.</remarks>
public sealed class FunnelAnalyticsService(
    IFunnelProjectionStore store,
    IRepStore reps,
    ConfigurationService configuration,
    TimeProvider time,
    FunnelAnalyticsOptions? options = null)
{
    private readonly FunnelAnalyticsOptions _options = options ?? new FunnelAnalyticsOptions();

    /// <summary>Projects one lead change (<paramref name="before"/> null for a new lead) and credits sequences
    /// for a stage advance. Returns what changed in the projection.</summary>
    public async Task<FunnelChange> RecordLeadChangeAsync(Lead? before, Lead after, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(after);
        var config = await configuration.GetAsync(cancellationToken).ConfigureAwait(false);
        var teams = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var owner in new[] { before?.OwnerRepId, after.OwnerRepId })
        {
            if (owner is not null && !teams.ContainsKey(owner))
            {
                teams[owner] = (await reps.GetAsync(owner, cancellationToken).ConfigureAwait(false))?.Team;
            }
        }

        var change = FunnelProjection.Apply(before, after, id => config.Pipelines.GetValueOrDefault(id), id => teams.GetValueOrDefault(id));
        if (change.Deltas.Count > 0)
        {
            await store.ApplyBucketDeltasAsync(change.Deltas, cancellationToken).ConfigureAwait(false);
        }

        if (change.DeleteOpen is { } key)
        {
            await store.DeleteOpenLeadAsync(key, cancellationToken).ConfigureAwait(false);
        }

        if (change.UpsertOpen is { } row)
        {
            await (before is null
                ? store.InsertOpenLeadAsync(row, cancellationToken)
                : store.UpsertOpenLeadsAsync([row], cancellationToken)).ConfigureAwait(false);
        }

        if (change.AdvancedAt is { } advancedAt)
        {
            var touches = await store.ListEmailTouchesAsync(after.Id, cancellationToken).ConfigureAwait(false);
            foreach (var touch in SequenceAttribution.Attribute(touches, advancedAt, _options.AttributionWindow))
            {
                // Marked first: a retry after a failure between the two writes loses a conversion rather than counting one twice.
                await store.RecordEmailTouchAsync(touch with { ConvertedAt = advancedAt }, leadIsNew: false, cancellationToken).ConfigureAwait(false);
                await store.IncrementSequenceCountersAsync(new SequenceStepCounters(touch.SequenceId, touch.StepId, Conversions: 1) { VariantId = touch.VariantId }, cancellationToken).ConfigureAwait(false);
            }
        }

        return change;
    }

    /// <summary>Counts one email event of a sequence step. For <see cref="EmailEventType.Sent"/> pass the lead
    /// id (and the send time, default now) so later stage advances can be credited to the sequence; for an A/B step
    /// pass the variant, so the event (and a later conversion) counts on it; <paramref name="leadIsNew"/> when the lead
    /// was created moments ago (see <see cref="IFunnelProjectionStore.RecordEmailTouchAsync"/>).
    /// Provider webhooks redeliver: deduplicate by their event id before calling.</summary>
    public async Task RecordEmailEventAsync(
        string sequenceId,
        string stepId,
        EmailEventType eventType,
        string? leadId = null,
        DateTimeOffset? at = null,
        string? variantId = null,
        bool leadIsNew = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sequenceId);
        ArgumentException.ThrowIfNullOrEmpty(stepId);
        variantId = string.IsNullOrEmpty(variantId) ? null : variantId;
        await store.IncrementSequenceCountersAsync(SequenceStepCounters.For(sequenceId, stepId, eventType, variantId), cancellationToken).ConfigureAwait(false);
        if (eventType == EmailEventType.Sent && !string.IsNullOrEmpty(leadId))
        {
            await store.RecordEmailTouchAsync(new EmailTouch(leadId, sequenceId, stepId, at ?? time.GetUtcNow(), VariantId: variantId), leadIsNew, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The winner of an A/B step, if its test has ended: the stored switch, else the winner rule decided now
    /// from the step's counters (<see cref="VariantWinnerDecision"/>) and, when it picks one, stored once. Asked before
    /// each send of the step. Null while the test runs, for a step without a rule (a version that dropped the rule goes
    /// back to the weights), or when the stored winner is not a variant of this version of the step.</summary>
    public async Task<VariantSwitch?> WinnerAsync(string sequenceId, EmailStep step, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sequenceId);
        ArgumentNullException.ThrowIfNull(step);
        if (!step.HasVariants || step.Winner is null)
        {
            return null;
        }

        var stored = (await store.ListVariantSwitchesAsync(sequenceId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => s.StepId == step.Id);
        if (stored is null)
        {
            var counters = (await store.ListSequenceCountersAsync(sequenceId, cancellationToken).ConfigureAwait(false)).Where(c => c.StepId == step.Id).ToList();
            if (VariantWinnerDecision.Decide(sequenceId, step, counters, time.GetUtcNow()) is { } decided)
            {
                stored = await store.RecordVariantSwitchAsync(decided, cancellationToken).ConfigureAwait(false);
            }
        }

        return stored is not null && step.Variants.Any(v => v.Id == stored.WinnerVariantId) ? stored : null;
    }

    /// <summary>Counts a reply (a <c>replied</c> customer action) on the email it answers: the lead's last sequence email
    /// within the attribution window (<see cref="SequenceAttribution.RepliedTo"/>), on its variant. The touch is marked
    /// first: a retry after a failure between the two writes loses a reply rather than counting one twice.</summary>
    public async Task RecordReplyAsync(string leadId, DateTimeOffset repliedAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        var touches = await store.ListEmailTouchesAsync(leadId, cancellationToken).ConfigureAwait(false);
        if (SequenceAttribution.RepliedTo(touches, repliedAt, _options.AttributionWindow) is not { } touch)
        {
            return;
        }

        await store.RecordEmailTouchAsync(touch with { RepliedAt = repliedAt }, leadIsNew: false, cancellationToken).ConfigureAwait(false);
        await store.IncrementSequenceCountersAsync(SequenceStepCounters.For(touch.SequenceId, touch.StepId, EmailEventType.Replied, touch.VariantId), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Counts an unsubscribe through our own link on the step whose email carried it, or, for a link
    /// that names none, on the last sequence email sent to the lead (nothing when none was).</summary>
    public async Task RecordUnsubscribeAsync(string leadId, string? sequenceId, string? stepId, CancellationToken cancellationToken = default)
    {
        var touches = await store.ListEmailTouchesAsync(leadId, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(sequenceId) || string.IsNullOrEmpty(stepId))
        {
            if (touches.MaxBy(t => t.SentAt) is not { } last)
            {
                return;
            }

            (sequenceId, stepId) = (last.SequenceId, last.StepId);
        }

        // The link names no variant; the lead's last email of that step says which one it was.
        var touch = touches.FirstOrDefault(t => t.SequenceId == sequenceId && t.StepId == stepId);
        await RecordEmailEventAsync(sequenceId, stepId, EmailEventType.Unsubscribed, leadId, variantId: touch?.VariantId, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The funnel report for a query (months default to the last <see cref="FunnelAnalyticsOptions.DefaultMonths"/>).</summary>
    /// <exception cref="InvalidInputException">The pipeline is unknown or the month range is reversed.</exception>
    public async Task<FunnelReport> GetFunnelAsync(FunnelQuery query, CancellationToken cancellationToken = default)
    {
        var (pipeline, resolved) = await ResolveAsync(query, cancellationToken).ConfigureAwait(false);
        var buckets = store.ReadBucketsAsync(pipeline.Id, resolved.From!.Value, resolved.To!.Value, cancellationToken);
        var open = store.ListOpenLeadsAsync(pipeline.Id, cancellationToken);
        return FunnelReportBuilder.Build(pipeline, await buckets.ConfigureAwait(false), await open.ConfigureAwait(false), resolved, time.GetUtcNow());
    }

    /// <summary>Conversion and cycle by creation month and by source.</summary>
    public async Task<CohortReport> GetCohortsAsync(FunnelQuery query, CancellationToken cancellationToken = default)
    {
        var (pipeline, resolved) = await ResolveAsync(query, cancellationToken).ConfigureAwait(false);
        var buckets = await store.ReadBucketsAsync(pipeline.Id, resolved.From!.Value, resolved.To!.Value, cancellationToken).ConfigureAwait(false);
        return FunnelReportBuilder.BuildCohorts(pipeline, buckets, resolved);
    }

    /// <summary>Email counters and attributed conversions per sequence and step (steps in sequence order), and each
    /// A/B step's variants side by side (in the active definition's order) with its winner switch, if made.</summary>
    public async Task<IReadOnlyList<SequencePerformance>> GetSequencePerformanceAsync(string? sequenceId = null, CancellationToken cancellationToken = default)
    {
        var counters = await store.ListSequenceCountersAsync(sequenceId, cancellationToken).ConfigureAwait(false);
        var switches = await store.ListVariantSwitchesAsync(sequenceId, cancellationToken).ConfigureAwait(false);
        var config = await configuration.GetAsync(cancellationToken).ConfigureAwait(false);
        var definitions = config.Sequences.Active.ToDictionary(s => s.Id, StringComparer.Ordinal);
        return SequencePerformance.Build(
            counters,
            (sequence, step) => definitions.TryGetValue(sequence, out var d) ? d.IndexOf(step) : -1,
            (sequence, step) => definitions.TryGetValue(sequence, out var d) && d.IndexOf(step) is >= 0 and var i && d.Steps[i] is EmailStep email
                ? [.. email.Variants.Select(v => v.Id)]
                : [],
            switches);
    }

    /// <summary>Leads needed per stage to reach <paramref name="revenueTarget"/>, using the conversion rates
    /// measured for the query and, unless given, its measured average deal size.</summary>
    public async Task<Result<ReverseFunnelPlan>> PlanReverseFunnelAsync(
        FunnelQuery query,
        decimal revenueTarget,
        decimal? averageDealSize = null,
        CancellationToken cancellationToken = default)
    {
        var report = await GetFunnelAsync(query, cancellationToken).ConfigureAwait(false);
        var missing = report.Stages
            .Select((stage, i) => (stage, i))
            .Where(p => p.i > 0 && p.stage.Reached <= 0)
            .Select(p => new ValidationError(
                $"$.stages[{p.i}]",
                $"no measured conversion into \"{p.stage.StageId}\" for this query yet (widen the months or filters)"))
            .ToList();
        if (averageDealSize is null && report.AverageDealSize is null)
        {
            missing.Add(new ValidationError("$.averageDealSize", "no won deal with an amount for this query: give an average deal size"));
        }

        if (missing.Count > 0)
        {
            return Result<ReverseFunnelPlan>.Failure(missing);
        }

        // From the counts, not the rounded rates: 5 of 11 reached is exactly 11 per 5, so exact ratios plan exactly.
        return ReverseFunnel.PlanFromCounts(
            revenueTarget,
            averageDealSize ?? report.AverageDealSize!.Value,
            report.Stages.Select(s => s.Reached).ToList(),
            report.Stages.Select(s => s.StageId).ToList());
    }

    /// <summary>Recomputes buckets and open rows from the leads' stored histories: clears them, then replays
    /// every lead. Run it while no lead changes are recorded (or run it again afterwards).</summary>
    public async Task<RebuildResult> RebuildAsync(IAsyncEnumerable<Lead> leads, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leads);
        var config = await configuration.GetAsync(cancellationToken).ConfigureAwait(false);
        var teams = (await reps.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Id, r => r.Team, StringComparer.Ordinal);
        await store.ClearFunnelAsync(cancellationToken).ConfigureAwait(false);

        var buckets = new Dictionary<FunnelBucketKey, FunnelCounters>();
        var batch = new List<OpenLeadRow>(_options.RebuildBatchSize);
        long read = 0, projected = 0, open = 0;
        await foreach (var lead in leads.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            read++;
            var snapshot = FunnelProjection.Snapshot(lead, id => config.Pipelines.GetValueOrDefault(id), id => teams.GetValueOrDefault(id));
            if (snapshot is null)
            {
                continue;
            }

            projected++;
            var key = FunnelProjection.KeyOf(snapshot);
            if (!buckets.TryGetValue(key, out var counters))
            {
                counters = new FunnelCounters();
                buckets[key] = counters;
            }

            counters.Add(FunnelProjection.Contribution(snapshot));
            if (FunnelProjection.OpenRow(snapshot) is { } row)
            {
                batch.Add(row);
                open++;
                if (batch.Count >= _options.RebuildBatchSize)
                {
                    await store.UpsertOpenLeadsAsync(batch, cancellationToken).ConfigureAwait(false);
                    batch = new List<OpenLeadRow>(_options.RebuildBatchSize);
                }
            }
        }

        if (batch.Count > 0)
        {
            await store.UpsertOpenLeadsAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        var rows = buckets.Select(p => new FunnelBucket(p.Key, p.Value.Compact())).Where(b => !b.Counters.IsZero).ToList();
        await store.ApplyBucketDeltasAsync(rows, cancellationToken).ConfigureAwait(false);
        return new RebuildResult(read, projected, rows.Count, open);
    }

    private async Task<(PipelineDefinition Pipeline, FunnelQuery Query)> ResolveAsync(FunnelQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var config = await configuration.GetAsync(cancellationToken).ConfigureAwait(false);
        if (!config.Pipelines.TryGetValue(query.PipelineId, out var pipeline))
        {
            throw new InvalidInputException([new ValidationError("$.pipelineId", $"no active pipeline \"{query.PipelineId}\"")]);
        }

        var to = query.To ?? CohortMonth.Of(time.GetUtcNow());
        var from = query.From ?? to.AddMonths(1 - Math.Max(1, _options.DefaultMonths));
        if (from > to)
        {
            throw new InvalidInputException([new ValidationError("$.from", $"{from} is after {to}")]);
        }

        return (pipeline, query with { From = from, To = to });
    }
}
