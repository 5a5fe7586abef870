using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Journeys;

namespace FunnelAutomation.Application.Journeys;

/// <summary>Reads what a journey that has just begun may have missed (<see cref="JourneyCatchUp"/>).</summary>
public interface IJourneyCatchUpSource
{
    Task<IReadOnlyList<JourneyInput>> MissedAsync(JourneyStarted started, CancellationToken cancellationToken);
}

/// <summary>From the lead's action log and its current score.</summary>
public sealed class JourneyCatchUpSource(IActionStore actions, ILeadStore leads) : IJourneyCatchUpSource
{
    public async Task<IReadOnlyList<JourneyInput>> MissedAsync(JourneyStarted started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(started);
        var recorded = await actions.ListAsync(started.LeadId, cancellationToken).ConfigureAwait(false);
        if (!recorded.Any(a => JourneyCatchUp.Follows(started, a)))
        {
            return []; // the usual case: nothing since the start, no need to read the lead
        }

        var lead = await leads.GetAsync(started.LeadId, cancellationToken).ConfigureAwait(false);
        return JourneyCatchUp.Missed(started, recorded, lead?.Score);
    }
}
