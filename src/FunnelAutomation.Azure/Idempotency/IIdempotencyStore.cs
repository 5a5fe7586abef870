namespace FunnelAutomation.Azure.Idempotency;

/// <summary>Records that an operation identified by a key (a message id, a webhook event id) has had its
/// effect, so a redelivery is recognised. Insert-if-absent is the whole trick: the first writer wins.</summary>
public interface IIdempotencyStore
{
    /// <summary>Records a completed operation; false when the key was already recorded (pending or done).</summary>
    Task<bool> TryInsertAsync(string key, string outcome, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task<IdempotencyRecord?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Claims the key before doing the work: <see cref="IdempotencyClaimStatus.Claimed"/> (go ahead),
    /// <see cref="IdempotencyClaimStatus.Completed"/> (already done: skip), or
    /// <see cref="IdempotencyClaimStatus.InProgress"/> (another worker holds an unexpired lease).
    /// An expired lease (a worker that crashed) is taken over.</summary>
    Task<IdempotencyClaim> TryClaimAsync(string key, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Marks a claimed key done with its outcome.</summary>
    Task CompleteAsync(string key, string outcome, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Gives a claim back after a failure so a retry can claim it at once.</summary>
    Task ReleaseAsync(IdempotencyClaim claim, CancellationToken cancellationToken = default);
}

public sealed record IdempotencyRecord(string Key, bool Completed, string? Outcome, DateTimeOffset At, DateTimeOffset? LeaseUntil);

public enum IdempotencyClaimStatus
{
    Claimed = 0,
    Completed,
    InProgress,
}

/// <summary>The result of <see cref="IIdempotencyStore.TryClaimAsync"/>.
/// <paramref name="TookOver"/>: claimed by taking over an expired claim whose holder never completed it.</summary>
public sealed record IdempotencyClaim(string Key, IdempotencyClaimStatus Status, string? ETag, string? Outcome, DateTimeOffset? LeaseUntil, bool TookOver = false);
