using FunnelAutomation.Core.Actions;

namespace FunnelAutomation.Azure.Actions;

/// <summary>Append-only log of what each lead did, ordered by when it happened. Appends are idempotent
/// by <see cref="CustomerAction.Id"/>: a webhook delivered twice is recorded once.</summary>
public interface ICustomerActionLog
{
    /// <summary>True when appended; false when an action with this id was already recorded for the lead.</summary>
    Task<bool> AppendAsync(string leadId, CustomerAction action, CancellationToken cancellationToken = default);

    /// <summary>Appends several actions of one lead in batch transactions; returns how many were new.</summary>
    Task<int> AppendManyAsync(string leadId, IReadOnlyList<CustomerAction> actions, CancellationToken cancellationToken = default);

    /// <summary>The lead's actions, oldest first (optionally only those at or after <paramref name="since"/>).</summary>
    Task<IReadOnlyList<CustomerAction>> ListAsync(string leadId, DateTimeOffset? since = null, CancellationToken cancellationToken = default);

    Task<bool> ContainsAsync(string leadId, string actionId, CancellationToken cancellationToken = default);

    /// <summary>Removes every action of the lead (erasure); returns the number of actions removed.</summary>
    Task<int> DeleteAllAsync(string leadId, CancellationToken cancellationToken = default);
}
