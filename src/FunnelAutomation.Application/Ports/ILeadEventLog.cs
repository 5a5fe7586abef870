using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Application.Ports;

/// <summary>The append-only log of <see cref="LeadEvent"/>s, per lead.</summary>
public interface ILeadEventLog
{
    /// <summary>Records the event; a second event with the same lead and key is ignored.</summary>
    Task AppendAsync(LeadEvent leadEvent, CancellationToken cancellationToken);

    /// <summary>Records events of one lead that happen together, each as <see cref="AppendAsync"/> would (an event
    /// recorded before is ignored). A store that can write them in one request does.</summary>
    async Task AppendAllAsync(IReadOnlyList<LeadEvent> leadEvents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leadEvents);
        foreach (var leadEvent in leadEvents)
        {
            await AppendAsync(leadEvent, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The lead's events, oldest first.</summary>
    Task<IReadOnlyList<LeadEvent>> ListAsync(string leadId, CancellationToken cancellationToken);
}
