namespace FunnelAutomation.Azure.Privacy;

/// <summary>People who must never be mailed again (erased, unsubscribed, bounced, complained). Only a
/// SHA-256 of the normalised email is stored, so the list itself holds no personal address.</summary>
public interface ISuppressionList
{
    /// <summary>Adds the email; false when it was already suppressed (the first reason and time are kept).</summary>
    Task<bool> SuppressAsync(string email, string reason, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task<bool> IsSuppressedAsync(string email, CancellationToken cancellationToken = default);

    Task<SuppressionEntry?> GetAsync(string email, CancellationToken cancellationToken = default);
}

/// <summary>A suppression as stored: the email's hash (never the email), why and when.</summary>
public sealed record SuppressionEntry(string EmailHash, string Reason, DateTimeOffset At);
