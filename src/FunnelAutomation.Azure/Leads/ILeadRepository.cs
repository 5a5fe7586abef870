using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Azure.Leads;

/// <summary>Stores lead aggregates. A lead's id is derived from its normalised email
/// (<see cref="LeadId.ForEmail"/>), so a lookup by email is a point read.</summary>
public interface ILeadRepository
{
    Task<Lead?> GetAsync(string leadId, CancellationToken cancellationToken = default);

    Task<Lead?> FindByEmailAsync(string email, CancellationToken cancellationToken = default);

    /// <summary>Read-modify-write with optimistic concurrency: reads the lead (null when absent), applies
    /// <paramref name="change"/> and writes with the read ETag; on a concurrent write (412/409) it re-reads
    /// and applies <paramref name="change"/> again, so <paramref name="change"/> must be a pure function
    /// of its input. Returning the same instance writes nothing.</summary>
    Task<Lead> UpdateAsync(string leadId, Func<Lead?, Lead> change, CancellationToken cancellationToken = default);

    /// <summary>Creates the lead for the profile's email, or merges into the existing one (newer non-empty
    /// fields win, CreatedAt kept): the same person submitting twice is one lead.</summary>
    Task<LeadUpsertResult> UpsertSubmissionAsync(LeadProfile profile, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string leadId, CancellationToken cancellationToken = default);

    /// <summary>Every lead (a full table scan): for exports and analytics jobs, not per-request paths.</summary>
    IAsyncEnumerable<Lead> ListAllAsync(CancellationToken cancellationToken = default);
}

/// <summary>The stored lead after an upsert, and whether this call created it.</summary>
public sealed record LeadUpsertResult(Lead Lead, bool Created);
