using FunnelAutomation.Application.Ports;

namespace FunnelAutomation.Functions.Contracts;

// Stand-in for the dev outbox reader (emails kept instead of sent when no SendGrid key is set); nothing registers it yet.

/// <summary>The most recent emails that went to the dev outbox, newest first.</summary>
public interface IDevOutbox
{
    Task<IReadOnlyList<OutgoingEmail>> ListAsync(int take, CancellationToken cancellationToken);
}
