using System.Diagnostics.Metrics;

namespace FunnelAutomation.Application.Telemetry;

/// <summary>The product's one <see cref="Meter"/> (named like <see cref="FunnelTelemetry.Source"/>) and its
/// instruments. Tags are low-cardinality facts (an outcome, a queue, a command type), never a lead, an address or a name.</summary>
public static class FunnelMetrics
{
    public static Meter Meter { get; } = new(FunnelTelemetry.Name);

    /// <summary>Submissions validated and queued for intake; tag <c>source</c>.</summary>
    public static Counter<long> LeadsAccepted { get; } = Meter.CreateCounter<long>("funnel.leads.accepted", "{lead}", "Lead submissions validated and queued for intake.");

    /// <summary>Submissions refused as invalid (at the API or import, or by intake); tag <c>stage</c>.</summary>
    public static Counter<long> LeadsRejected { get; } = Meter.CreateCounter<long>("funnel.leads.rejected", "{lead}", "Lead submissions refused: invalid (stage capture or intake) or a bot's (stage honeypot).");

    /// <summary>Submissions intake has processed; tag <c>outcome</c> (created, updated, duplicate).</summary>
    public static Counter<long> LeadsProcessed { get; } = Meter.CreateCounter<long>("funnel.leads.processed", "{lead}", "Lead submissions scored, routed and stored by intake.");

    /// <summary>Journey commands carried out by the decision activity; tag <c>command</c>.</summary>
    public static Counter<long> JourneySteps { get; } = Meter.CreateCounter<long>("funnel.journey.steps", "{command}", "Journey commands carried out.");

    /// <summary>Nurture emails by <c>outcome</c>: sent, deferred (held by the send window or the daily cap),
    /// suppressed (never mailed), unconfirmed (an attempt stopped mid-send; not sent again).</summary>
    public static Counter<long> Emails { get; } = Meter.CreateCounter<long>("funnel.emails", "{email}", "Emails to leads by outcome.");

    /// <summary>SendGrid attempts that failed and were retried in place.</summary>
    public static Counter<long> SendGridRetries { get; } = Meter.CreateCounter<long>("funnel.sendgrid.retries", "{retry}", "SendGrid requests retried after a transient failure.");

    /// <summary>Messages moved to a poison queue; tag <c>queue</c>.</summary>
    public static Counter<long> PoisonMessages { get; } = Meter.CreateCounter<long>("funnel.queue.poisoned", "{message}", "Queue messages moved to a poison queue.");

    public static void Email(string outcome) => Emails.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void Count(Counter<long> counter, string tag, string value) => counter.Add(1, new KeyValuePair<string, object?>(tag, value));
}
