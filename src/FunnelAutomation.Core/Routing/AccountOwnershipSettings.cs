namespace FunnelAutomation.Core.Routing;

/// <summary>Whether a lead from a company that already has an owner goes to that owner first, and which domains
/// never identify a company (free mail: two gmail.com leads are not one account).</summary>
public sealed class AccountOwnershipSettings
{
    public bool Enabled { get; init; }

    /// <summary>Domains that never create or match ownership ("gmail.com"), compared ignoring case.</summary>
    public IReadOnlyList<string> IgnoredDomains { get; init; } = [];
}
