namespace FunnelAutomation.Functions.Contracts;

// Stand-in for the Application layer's PrivacyService; nothing registers it yet.

/// <summary>Erases a person's personal data everywhere and suppresses the address.</summary>
public interface IPrivacyService
{
    /// <summary>Returns how many records were erased (0 when nothing was known about the address).</summary>
    Task<int> EraseAsync(string email, CancellationToken cancellationToken);
}
