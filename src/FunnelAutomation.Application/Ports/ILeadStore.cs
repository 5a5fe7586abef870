using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Application.Ports;

/// <summary>Where leads live. <see cref="UpdateAsync"/> is a read-modify-write with optimistic
/// concurrency: the change function may run more than once and must be pure.</summary>
public interface ILeadStore
{
    Task<Lead?> GetAsync(string leadId, CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="change"/> to the current lead (null when none) and stores the
    /// result; returns null when the change returns null (nothing to write).</summary>
    Task<Lead?> UpdateAsync(string leadId, Func<Lead?, Lead?> change, CancellationToken cancellationToken);

    /// <summary>As <see cref="UpdateAsync"/>, for a lead the caller expects not to exist yet (a first submission): a
    /// store may apply <paramref name="change"/> to no lead and insert the result without a read, one request instead
    /// of two (issue 14); should the lead exist after all, it reads it and applies the change to it.</summary>
    Task<Lead?> CreateOrUpdateAsync(string leadId, Func<Lead?, Lead?> change, CancellationToken cancellationToken) =>
        UpdateAsync(leadId, change, cancellationToken);

    /// <summary>Open leads owned by a rep (the "my leads" list).</summary>
    Task<IReadOnlyList<Lead>> ListByOwnerAsync(string repId, CancellationToken cancellationToken);

    /// <summary>Every lead (rebuilds, sweeps); streamed, never held at once.</summary>
    IAsyncEnumerable<Lead> ListAllAsync(CancellationToken cancellationToken);
}
