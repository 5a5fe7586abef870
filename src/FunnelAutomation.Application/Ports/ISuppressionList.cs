namespace FunnelAutomation.Application.Ports;

/// <summary>Addresses that must never be mailed (unsubscribed, bounced, spam report, erased).</summary>
public interface ISuppressionList
{
    Task<bool> IsSuppressedAsync(string email, CancellationToken cancellationToken);

    Task SuppressAsync(string email, string reason, CancellationToken cancellationToken);

    /// <summary>Removes the suppression a GDPR erase left, when that is why the address is suppressed: a person who
    /// was erased and signs up again has asked to hear from us. Unsubscribes, bounces and spam reports stay.
    /// Returns whether the address is suppressed afterwards, as read now, or null when the entry changed meanwhile
    /// and that is not known.</summary>
    Task<bool?> LiftErasureAsync(string email, CancellationToken cancellationToken);
}
