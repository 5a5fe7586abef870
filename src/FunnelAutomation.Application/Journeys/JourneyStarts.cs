using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Application.Journeys;

/// <summary>How a journey starts from a stored lead: at intake, and again when a journey that failed or was
/// ended must be restarted (the lead row holds the facts a journey begins with).</summary>
public static class JourneyStarts
{
    public static JourneyStarted For(Lead lead, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return new JourneyStarted(at, lead.Id, lead.PipelineId!, lead.Stage!, lead.Score?.Total ?? 0, lead.Score?.Grade ?? Core.Scoring.Grade.C,
            lead.Profile.Source, lead.OwnerRepId, lead.Profile.TimeZone, lead.Profile.Country);
    }
}

/// <summary>Where a journey runner gets a restart from: the lead's stored facts, or null when the lead is gone.</summary>
public interface IJourneyRestarts
{
    Task<JourneyStarted?> FromLeadAsync(string leadId, CancellationToken cancellationToken);
}

public sealed class LeadJourneyRestarts(ILeadStore leads, TimeProvider time) : IJourneyRestarts
{
    public async Task<JourneyStarted?> FromLeadAsync(string leadId, CancellationToken cancellationToken) =>
        await leads.GetAsync(leadId, cancellationToken).ConfigureAwait(false) is { PipelineId: not null, Stage: not null } lead
            ? JourneyStarts.For(lead, time.GetUtcNow())
            : null;
}
