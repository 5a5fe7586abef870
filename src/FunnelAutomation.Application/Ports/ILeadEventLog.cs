using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Application.Ports;

/// <summary>The append-only log of <see cref="LeadEvent"/>s, per lead.</summary>
public interface ILeadEventLog
{
    /// <summary>Records the event; a second event with the same lead and key is ignored.</summary>
    Task AppendAsync(LeadEvent leadEvent, CancellationToken cancellationToken);

    /// <summary>The lead's events, oldest first.</summary>
    Task<IReadOnlyList<LeadEvent>> ListAsync(string leadId, CancellationToken cancellationToken);
}
