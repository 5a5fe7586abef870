namespace FunnelAutomation.Azure.Journeys;

/// <summary>The local workflow runner's per-lead journey state: opaque JSON text plus an ETag. Writers
/// race (a timer and a customer action for one lead), so every write is conditional and a lost race
/// comes back as <see cref="StateWriteResult.Conflict"/> for the runner to re-read and re-decide.</summary>
public interface IJourneyStateStore
{
    Task<StoredState?> GetAsync(string leadId, CancellationToken cancellationToken = default);

    /// <summary>Creates the state; a conflict when one already exists.</summary>
    Task<StateWriteResult> TryInsertAsync(string leadId, string stateJson, CancellationToken cancellationToken = default);

    /// <summary>Replaces the state only if it still has <paramref name="etag"/>; a conflict otherwise (or when it is gone).</summary>
    Task<StateWriteResult> TryReplaceAsync(string leadId, string stateJson, string etag, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string leadId, CancellationToken cancellationToken = default);
}

/// <summary>Stored state text and the ETag to pass to <see cref="IJourneyStateStore.TryReplaceAsync"/>.</summary>
public sealed record StoredState(string StateJson, string ETag);

/// <summary>Typed stored state and its ETag.</summary>
public sealed record StoredState<TState>(TState State, string ETag);

/// <summary>Outcome of a conditional write: success with the new ETag, or a conflict (someone else wrote first).</summary>
public sealed record StateWriteResult(bool Succeeded, string? ETag)
{
    public static StateWriteResult Conflict { get; } = new(false, null);

    public bool IsConflict => !Succeeded;

    public static StateWriteResult Success(string etag) => new(true, etag);
}
