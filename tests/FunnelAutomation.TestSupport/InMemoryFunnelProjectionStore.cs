using FunnelAutomation.Application.Analytics;
using FunnelAutomation.Core.Analytics;

namespace FunnelAutomation.TestSupport;

/// <summary>The projection in process memory: for tests and benchmarks (test code: never referenced by src/).
/// Thread-safe (one lock per concern). Returned buckets are shared snapshots: callers must not change them.</summary>
public sealed class InMemoryFunnelProjectionStore : IFunnelProjectionStore
{
    private readonly Dictionary<(string Pipeline, CohortMonth Month), Dictionary<FunnelBucketKey, FunnelCounters>> _buckets = [];
    private readonly Dictionary<string, Dictionary<string, OpenLeadRow>> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Sequence, string Step, string? Variant), SequenceStepCounters> _sequences = [];
    private readonly Dictionary<(string Sequence, string Step), VariantSwitch> _switches = [];
    private readonly Dictionary<string, Dictionary<string, EmailTouch>> _touches = new(StringComparer.Ordinal);

    public Task ApplyBucketDeltasAsync(IReadOnlyList<FunnelBucket> deltas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        lock (_buckets)
        {
            foreach (var delta in deltas)
            {
                var partition = (delta.Key.PipelineId, delta.Key.Cohort);
                if (!_buckets.TryGetValue(partition, out var rows))
                {
                    rows = [];
                    _buckets[partition] = rows;
                }

                // Copy-on-write: a counters object handed to a reader is never changed afterwards, so
                // reads need no copy (the report path stays O(buckets) without allocating per bucket).
                var counters = rows.TryGetValue(delta.Key, out var current) ? current.Clone() : new FunnelCounters();
                counters.Add(delta.Counters);
                if (counters.Compact().IsZero)
                {
                    rows.Remove(delta.Key);
                }
                else
                {
                    rows[delta.Key] = counters;
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<FunnelBucket>> ReadBucketsAsync(string pipelineId, CohortMonth fromMonth, CohortMonth toMonth, CancellationToken cancellationToken)
    {
        var result = new List<FunnelBucket>();
        lock (_buckets)
        {
            foreach (var month in CohortMonth.Range(fromMonth, toMonth))
            {
                if (_buckets.TryGetValue((pipelineId, month), out var rows))
                {
                    result.AddRange(rows.Select(p => new FunnelBucket(p.Key, p.Value)));
                }
            }
        }

        return Task.FromResult<IReadOnlyList<FunnelBucket>>(result);
    }

    public Task InsertOpenLeadAsync(OpenLeadRow row, CancellationToken cancellationToken) => UpsertOpenLeadsAsync([row], cancellationToken);

    public Task UpsertOpenLeadsAsync(IReadOnlyList<OpenLeadRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        lock (_open)
        {
            foreach (var row in rows)
            {
                if (!_open.TryGetValue(row.PipelineId, out var pipeline))
                {
                    pipeline = new(StringComparer.Ordinal);
                    _open[row.PipelineId] = pipeline;
                }

                if (!pipeline.TryGetValue(row.LeadId, out var stored) || stored.Version <= row.Version)
                {
                    pipeline[row.LeadId] = row;
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task DeleteOpenLeadAsync(OpenLeadKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_open)
        {
            if (_open.TryGetValue(key.PipelineId, out var pipeline)
                && pipeline.TryGetValue(key.LeadId, out var stored) && stored.Version <= key.Version)
            {
                pipeline.Remove(key.LeadId);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OpenLeadRow>> ListOpenLeadsAsync(string pipelineId, CancellationToken cancellationToken)
    {
        lock (_open)
        {
            return Task.FromResult<IReadOnlyList<OpenLeadRow>>(
                _open.TryGetValue(pipelineId, out var pipeline) ? [.. pipeline.Values] : []);
        }
    }

    public Task IncrementSequenceCountersAsync(SequenceStepCounters delta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delta);
        lock (_sequences)
        {
            var key = (delta.SequenceId, delta.StepId, delta.VariantId);
            _sequences[key] = _sequences.TryGetValue(key, out var current) ? current.Plus(delta) : delta;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SequenceStepCounters>> ListSequenceCountersAsync(string? sequenceId, CancellationToken cancellationToken)
    {
        lock (_sequences)
        {
            return Task.FromResult<IReadOnlyList<SequenceStepCounters>>(
                _sequences.Values.Where(c => sequenceId is null || c.SequenceId == sequenceId).ToList());
        }
    }

    public Task<VariantSwitch> RecordVariantSwitchAsync(VariantSwitch proposed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        lock (_switches)
        {
            return Task.FromResult(_switches.TryAdd((proposed.SequenceId, proposed.StepId), proposed) ? proposed : _switches[(proposed.SequenceId, proposed.StepId)]);
        }
    }

    public Task<IReadOnlyList<VariantSwitch>> ListVariantSwitchesAsync(string? sequenceId, CancellationToken cancellationToken)
    {
        lock (_switches)
        {
            return Task.FromResult<IReadOnlyList<VariantSwitch>>(_switches.Values.Where(s => sequenceId is null || s.SequenceId == sequenceId).ToList());
        }
    }

    public Task RecordEmailTouchAsync(EmailTouch touch, bool leadIsNew, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(touch);
        lock (_touches)
        {
            if (!_touches.TryGetValue(touch.LeadId, out var lead))
            {
                lead = new(StringComparer.Ordinal);
                _touches[touch.LeadId] = lead;
            }

            if (!lead.TryGetValue(touch.SequenceId, out var stored) || stored.SentAt <= touch.SentAt)
            {
                lead[touch.SequenceId] = touch;
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<EmailTouch>> ListEmailTouchesAsync(string leadId, CancellationToken cancellationToken)
    {
        lock (_touches)
        {
            return Task.FromResult<IReadOnlyList<EmailTouch>>(
                _touches.TryGetValue(leadId, out var lead) ? [.. lead.Values] : []);
        }
    }

    public Task ClearFunnelAsync(CancellationToken cancellationToken)
    {
        lock (_buckets)
        {
            _buckets.Clear();
        }

        lock (_open)
        {
            _open.Clear();
        }

        return Task.CompletedTask;
    }
}
