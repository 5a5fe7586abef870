using System.Text.Json;
using FunnelAutomation.Azure.Storage;

namespace FunnelAutomation.Azure.Journeys;

/// <summary>Typed view over <see cref="IJourneyStateStore"/>: the decider's state type is serialised as
/// JSON (by default with <see cref="StorageJson.Options"/>), the concurrency rules are unchanged.</summary>
public sealed class JourneyStateStore<TState>
{
    private readonly IJourneyStateStore _inner;
    private readonly JsonSerializerOptions _options;

    public JourneyStateStore(IJourneyStateStore inner, JsonSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _options = options ?? StorageJson.Options;
    }

    public async Task<StoredState<TState>?> GetAsync(string leadId, CancellationToken cancellationToken = default)
    {
        var stored = await _inner.GetAsync(leadId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        var state = JsonSerializer.Deserialize<TState>(stored.StateJson, _options)
            ?? throw new JsonException($"Journey state of lead {leadId} is null.");
        return new StoredState<TState>(state, stored.ETag);
    }

    public Task<StateWriteResult> TryInsertAsync(string leadId, TState state, CancellationToken cancellationToken = default) =>
        _inner.TryInsertAsync(leadId, JsonSerializer.Serialize(state, _options), cancellationToken);

    public Task<StateWriteResult> TryReplaceAsync(string leadId, TState state, string etag, CancellationToken cancellationToken = default) =>
        _inner.TryReplaceAsync(leadId, JsonSerializer.Serialize(state, _options), etag, cancellationToken);

    public Task<bool> DeleteAsync(string leadId, CancellationToken cancellationToken = default) =>
        _inner.DeleteAsync(leadId, cancellationToken);
}
