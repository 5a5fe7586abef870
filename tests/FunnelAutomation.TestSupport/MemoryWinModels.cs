using FunnelAutomation.Application.Learning;
using FunnelAutomation.Core.Learning;

namespace FunnelAutomation.TestSupport;

/// <summary>Win model versions in memory (1, 2, …; at most one active), for unit tests of the services that read them.</summary>
public sealed class MemoryWinModels : IWinModelStore
{
    public List<WinModel> Models { get; } = [];

    public int? Active { get; private set; }

    public Task<int> AddAsync(WinModel model, CancellationToken cancellationToken)
    {
        Models.Add(model);
        return Task.FromResult(Models.Count);
    }

    public Task<IReadOnlyList<StoredWinModel>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredWinModel>>([.. Models.Select((m, i) => new StoredWinModel(i + 1, m)).Reverse()]);

    public Task<WinModel?> GetAsync(int version, CancellationToken cancellationToken) =>
        Task.FromResult(version >= 1 && version <= Models.Count ? Models[version - 1] : null);

    public Task ActivateAsync(int version, DateTimeOffset at, CancellationToken cancellationToken)
    {
        Active = version;
        return Task.CompletedTask;
    }

    public Task<int?> GetActiveVersionAsync(CancellationToken cancellationToken) => Task.FromResult(Active);
}
