using FunnelAutomation.Application.Ports;
using FunnelAutomation.Azure.Actions;
using FunnelAutomation.Azure.Configuration;
using FunnelAutomation.Azure.Idempotency;
using FunnelAutomation.Azure.Routing;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Routing;

namespace FunnelAutomation.Azure.Adapters;

/// <summary>The application's configuration port: saving a version and activating it are two writes
/// (versions are immutable rows; the active pointer is separate).</summary>
public sealed class TableConfigStore(ConfigDocumentStore documents, TimeProvider time) : IConfigStore
{
    public async Task<int> SaveAndActivateAsync(string kind, string id, string json, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var version = await documents.AddVersionAsync(kind, id, json, now, cancellationToken: cancellationToken).ConfigureAwait(false);
        await documents.ActivateAsync(kind, id, version.Version, now, cancellationToken: cancellationToken).ConfigureAwait(false);
        return version.Version;
    }

    public async Task<IReadOnlyList<StoredDocument>> ListActiveAsync(string kind, CancellationToken cancellationToken) =>
        (await documents.ListActiveAsync(kind, cancellationToken).ConfigureAwait(false)).Select(ToStored).ToList();

    public async Task<IReadOnlyList<StoredDocument>> ListAllVersionsAsync(string kind, CancellationToken cancellationToken)
    {
        var all = new List<StoredDocument>();
        foreach (var active in await documents.ListActiveAsync(kind, cancellationToken).ConfigureAwait(false))
        {
            all.AddRange((await documents.ListVersionsAsync(kind, active.Id, cancellationToken).ConfigureAwait(false)).Select(ToStored));
        }

        return all;
    }

    private static StoredDocument ToStored(ConfigDocumentVersion v) => new(v.Kind, v.Id, v.Version, v.Json, v.CreatedAt);
}

/// <summary>The application's idempotency port: a key is recorded once its effect happened.</summary>
public sealed class TableIdempotencyGuard(IdempotencyStore store, TimeProvider time) : IIdempotencyGuard
{
    public async Task<bool> HasRunAsync(string key, CancellationToken cancellationToken) =>
        await store.GetAsync(key, cancellationToken).ConfigureAwait(false) is { Completed: true };

    // An upsert, not an insert: it also completes a pending claim.
    public Task MarkRunAsync(string key, CancellationToken cancellationToken) =>
        store.CompleteAsync(key, "done", time.GetUtcNow(), cancellationToken);

    public async Task<EffectClaim> ClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken)
    {
        var claim = await store.TryClaimAsync(key, time.GetUtcNow(), lease, cancellationToken).ConfigureAwait(false);
        var status = claim.Status switch
        {
            IdempotencyClaimStatus.Completed => EffectClaimStatus.AlreadyRun,
            IdempotencyClaimStatus.InProgress => EffectClaimStatus.InProgress,
            _ when claim.TookOver => EffectClaimStatus.Abandoned,
            _ => EffectClaimStatus.Claimed,
        };
        return new EffectClaim(key, status, claim.ETag);
    }

    public Task ReleaseAsync(EffectClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return store.ReleaseAsync(new IdempotencyClaim(claim.Key, IdempotencyClaimStatus.Claimed, claim.Token, null, null), cancellationToken);
    }
}
