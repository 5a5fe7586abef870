using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Routing;

namespace FunnelAutomation.Bench.Analytics;

/// <summary>Just enough configuration and rep storage for the analytics service (the sample documents).</summary>
internal sealed class BenchStores : IConfigStore, IRepStore
{
    private readonly List<StoredDocument> _documents = [];
    private readonly Dictionary<string, Rep> _reps = new(StringComparer.Ordinal);

    public Task<int> SaveAndActivateAsync(string kind, string id, string json, CancellationToken cancellationToken)
    {
        var version = _documents.Count(d => d.Kind == kind && d.Id == id) + 1;
        _documents.Add(new StoredDocument(kind, id, version, json, DateTimeOffset.UnixEpoch));
        return Task.FromResult(version);
    }

    public Task<IReadOnlyList<StoredDocument>> ListActiveAsync(string kind, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredDocument>>(_documents.Where(d => d.Kind == kind).GroupBy(d => d.Id).Select(g => g.MaxBy(d => d.Version)!).ToList());

    public Task<IReadOnlyList<StoredDocument>> ListAllVersionsAsync(string kind, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredDocument>>(_documents.Where(d => d.Kind == kind).ToList());

    public Task<IReadOnlyList<Rep>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Rep>>([.. _reps.Values]);

    public Task<Rep?> GetAsync(string repId, CancellationToken cancellationToken) => Task.FromResult(_reps.GetValueOrDefault(repId));

    public Task UpsertAsync(Rep rep, CancellationToken cancellationToken)
    {
        _reps[rep.Id] = rep;
        return Task.CompletedTask;
    }
}

/// <summary>A clock stopped at the end of the generated year, so stalled figures do not depend on the run date.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
