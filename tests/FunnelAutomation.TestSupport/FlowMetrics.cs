using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FunnelAutomation.Application.Telemetry;

namespace FunnelAutomation.TestSupport;

/// <summary>The product meter's measurements recorded in the async flow that created this recorder (the test
/// method and everything it awaits), and no one else's. A <see cref="MeterListener"/> hears every measurement in
/// the process, and the product's tags name no lead, so tests running in parallel would otherwise count each
/// other's emails; an <see cref="AsyncLocal{T}"/> set here flows into the code the test calls, so only the
/// measurements made on its behalf are kept. Create it in the test method itself (not in a constructor or fixture
/// whose flow the test does not share).</summary>
public sealed class FlowMetrics : IDisposable
{
    private static readonly AsyncLocal<FlowMetrics?> Current = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public FlowMetrics()
    {
        Current.Value = this;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == FunnelTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (ReferenceEquals(Current.Value, this))
            {
                _measurements.Enqueue(new Measurement(instrument.Name, value, Copy(tags)));
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<Measurement> Measurements => [.. _measurements];

    /// <summary>The sum of a counter's measurements in this flow, optionally only those with one tag value.</summary>
    public long Sum(string instrument, string? tag = null, string? value = null) =>
        _measurements.Where(m => m.Instrument == instrument && (tag is null || (m.Tags.TryGetValue(tag, out var v) && v == value))).Sum(m => m.Value);

    public void Dispose()
    {
        _listener.Dispose();
        if (ReferenceEquals(Current.Value, this))
        {
            Current.Value = null;
        }
    }

    private static Dictionary<string, string?> Copy(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value?.ToString();
        }

        return copy;
    }

    public sealed record Measurement(string Instrument, long Value, IReadOnlyDictionary<string, string?> Tags);
}
