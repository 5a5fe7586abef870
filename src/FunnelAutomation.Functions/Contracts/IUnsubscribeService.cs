using FunnelAutomation.Core.Common;

namespace FunnelAutomation.Functions.Contracts;

// Stand-in for the Application layer's UnsubscribeService; nothing registers it yet.

/// <summary>Handles the signed unsubscribe link in every nurture email.</summary>
public interface IUnsubscribeService
{
    /// <summary>Suppresses the address the token was issued for and returns it; a failure when the token is bad.</summary>
    Task<Result<string>> HandleAsync(string token, CancellationToken cancellationToken);
}
