using System.Diagnostics;

namespace FunnelAutomation.Application.Telemetry;

/// <summary>The product's one <see cref="ActivitySource"/> and how a span continues a trace carried as a W3C
/// traceparent across a hop with no ambient context (a queue message, a journey orchestration). Spans name a
/// lead by its id only (<see cref="LeadIdTag"/>), never by email address or name.</summary>
public static class FunnelTelemetry
{
    public const string Name = "FunnelAutomation";

    public const string LeadIdTag = "funnel.lead_id";

    public static ActivitySource Source { get; } = new(Name);

    /// <summary>The current span as a W3C traceparent, to carry across a hop; null outside a trace.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>Starts a span under <paramref name="traceParent"/> when it is a valid W3C traceparent, else under
    /// the ambient span (or as a new trace). Null when nobody listens.</summary>
    public static Activity? Start(string name, ActivityKind kind, string? traceParent, string? leadId = null)
    {
        var activity = traceParent is not null && ActivityContext.TryParse(traceParent, null, out var parent)
            ? Source.StartActivity(name, kind, parent)
            : Source.StartActivity(name, kind);
        if (leadId is not null)
        {
            activity?.SetTag(LeadIdTag, leadId);
        }

        return activity;
    }
}
