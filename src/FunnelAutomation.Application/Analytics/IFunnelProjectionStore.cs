using FunnelAutomation.Core.Analytics;

namespace FunnelAutomation.Application.Analytics;

/// <summary>Where the funnel projection lives: additive bucket counters (per pipeline and cohort month),
/// one row per open lead, and sequence email counters. Reports read only these, never the leads.</summary>
public interface IFunnelProjectionStore
{
    /// <summary>Adds each delta to its bucket's counters atomically (merge with optimistic concurrency or an
    /// atomic increment); concurrent deltas to one bucket must all land.</summary>
    Task ApplyBucketDeltasAsync(IReadOnlyList<FunnelBucket> deltas, CancellationToken cancellationToken);

    /// <summary>Buckets of one pipeline whose cohort month is in <paramref name="fromMonth"/>..<paramref name="toMonth"/> (both included).</summary>
    Task<IReadOnlyList<FunnelBucket>> ReadBucketsAsync(string pipelineId, CohortMonth fromMonth, CohortMonth toMonth, CancellationToken cancellationToken);

    /// <summary>Writes open-lead rows; a row with an older <see cref="OpenLeadRow.Version"/> than the stored
    /// one is ignored (the newer state of the lead wins a race).</summary>
    Task UpsertOpenLeadsAsync(IReadOnlyList<OpenLeadRow> rows, CancellationToken cancellationToken);

    /// <summary>Writes the open-lead row of a lead that has none yet (a new lead), as
    /// <see cref="UpsertOpenLeadsAsync"/> would: a store may try an insert first, one request instead of a read and a
    /// write, and fall back to the newest-wins write should a row be there after all.</summary>
    Task InsertOpenLeadAsync(OpenLeadRow row, CancellationToken cancellationToken);

    /// <summary>Removes a lead's open row unless the stored row is newer than <see cref="OpenLeadKey.Version"/>.</summary>
    Task DeleteOpenLeadAsync(OpenLeadKey key, CancellationToken cancellationToken);

    Task<IReadOnlyList<OpenLeadRow>> ListOpenLeadsAsync(string pipelineId, CancellationToken cancellationToken);

    /// <summary>Adds the delta's counts to the (sequence, step, variant) counters atomically.</summary>
    Task IncrementSequenceCountersAsync(SequenceStepCounters delta, CancellationToken cancellationToken);

    /// <summary>Every step's counters, or one sequence's when <paramref name="sequenceId"/> is given.</summary>
    Task<IReadOnlyList<SequenceStepCounters>> ListSequenceCountersAsync(string? sequenceId, CancellationToken cancellationToken);

    /// <summary>Remembers the last email of a sequence sent to a lead (a later touch replaces an earlier one).
    /// <paramref name="leadIsNew"/>: the lead was created moments ago and most likely has no touch yet, so a store may
    /// insert first (one request instead of a read and a write) and fall back to the newest-wins write.</summary>
    Task RecordEmailTouchAsync(EmailTouch touch, bool leadIsNew, CancellationToken cancellationToken);

    Task<IReadOnlyList<EmailTouch>> ListEmailTouchesAsync(string leadId, CancellationToken cancellationToken);

    /// <summary>Stores the end of an A/B test unless one is already stored for its sequence and step (insert if
    /// absent, atomically), and returns the stored one: two hosts deciding at once keep the first, never two.</summary>
    Task<VariantSwitch> RecordVariantSwitchAsync(VariantSwitch proposed, CancellationToken cancellationToken);

    /// <summary>Every stored switch, or one sequence's.</summary>
    Task<IReadOnlyList<VariantSwitch>> ListVariantSwitchesAsync(string? sequenceId, CancellationToken cancellationToken);

    /// <summary>Deletes every bucket and open-lead row (before a rebuild). Sequence counters and email
    /// touches stay: they come from email events, not from lead histories.</summary>
    Task ClearFunnelAsync(CancellationToken cancellationToken);
}
