namespace FunnelAutomation.Application.Ports;

/// <summary>Addresses that must never be mailed (unsubscribed, bounced, spam report, erased).</summary>
public interface ISuppressionList
{
    Task<bool> IsSuppressedAsync(string email, CancellationToken cancellationToken);

    Task SuppressAsync(string email, string reason, CancellationToken cancellationToken);
}
