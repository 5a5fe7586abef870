using FunnelAutomation.Core.Learning;

namespace FunnelAutomation.Application.Learning;

/// <summary>Trained win models, versioned like configuration documents: every version kept (1, 2, …), at most
/// one active. Rolling back is activating an earlier version.</summary>
public interface IWinModelStore
{
    /// <summary>Stores a new version (not active); returns its number.</summary>
    Task<int> AddAsync(WinModel model, CancellationToken cancellationToken);

    /// <summary>Every version, newest first.</summary>
    Task<IReadOnlyList<StoredWinModel>> ListAsync(CancellationToken cancellationToken);

    Task<WinModel?> GetAsync(int version, CancellationToken cancellationToken);

    Task ActivateAsync(int version, DateTimeOffset at, CancellationToken cancellationToken);

    Task<int?> GetActiveVersionAsync(CancellationToken cancellationToken);
}

public sealed record StoredWinModel(int Version, WinModel Model);

/// <summary>Fits a model on closed leads (ML.NET in the Learning project; Application only sees the port).</summary>
public interface IWinModelTrainer
{
    WinModel Train(IReadOnlyList<WinExample> examples, string version, DateTimeOffset trainedAt);
}
