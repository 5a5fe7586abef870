using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using FunnelAutomation.Application.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace FunnelAutomation.Host.Tests.Telemetry;

/// <summary>What a test Host emits: every finished span, through the OpenTelemetry SDK the Host wires and its
/// in-memory exporter, and every measurement of the product's meter (a <see cref="MeterListener"/>). Spans and
/// measurements of other hosts in the same test process land here too: tests pick theirs by lead or trace id.</summary>
public sealed class CapturedTelemetry : IDisposable
{
    private readonly MeterListener _listener = new();

    public CapturedTelemetry()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == FunnelTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Measurements.Enqueue(new Measurement(instrument.Name, value, Tags(tags))));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Measurements.Enqueue(new Measurement(instrument.Name, value, Tags(tags))));
        _listener.Start();
    }

    public SpanCollection Spans { get; } = new();

    public ConcurrentQueue<Measurement> Measurements { get; } = new();

    /// <summary>Registers the in-memory span exporter on the Host's tracer provider.</summary>
    public void AddTo(IServiceCollection services) =>
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));

    /// <summary>Reads the observable gauges now (they report only when collected).</summary>
    public void CollectGauges() => _listener.RecordObservableInstruments();

    /// <summary>The sum of a counter's measurements, optionally only those with one tag value.</summary>
    public double Sum(string instrument, string? tag = null, string? value = null) =>
        Measurements.Where(m => m.Instrument == instrument && (tag is null || (m.Tags.TryGetValue(tag, out var v) && Equals(v, value)))).Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();

    private static Dictionary<string, string?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value?.ToString();
        }

        return copy;
    }

    public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags);

    /// <summary>A thread-safe collection for the exporter (spans end on many threads) that tests can snapshot.</summary>
    public sealed class SpanCollection : ICollection<Activity>
    {
        private readonly List<Activity> _items = [];

        public int Count
        {
            get
            {
                lock (_items)
                {
                    return _items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public List<Activity> Snapshot()
        {
            lock (_items)
            {
                return [.. _items];
            }
        }

        public void Add(Activity item)
        {
            lock (_items)
            {
                _items.Add(item);
            }
        }

        public void Clear()
        {
            lock (_items)
            {
                _items.Clear();
            }
        }

        public bool Contains(Activity item)
        {
            lock (_items)
            {
                return _items.Contains(item);
            }
        }

        public void CopyTo(Activity[] array, int arrayIndex)
        {
            lock (_items)
            {
                _items.CopyTo(array, arrayIndex);
            }
        }

        public bool Remove(Activity item)
        {
            lock (_items)
            {
                return _items.Remove(item);
            }
        }

        public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
