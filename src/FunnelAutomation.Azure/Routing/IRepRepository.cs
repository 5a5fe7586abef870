using FunnelAutomation.Core.Routing;

namespace FunnelAutomation.Azure.Routing;

/// <summary>Stores sales reps. Routing reads the whole roster at once, so it is one small partition.</summary>
public interface IRepRepository
{
    Task UpsertAsync(Rep rep, CancellationToken cancellationToken = default);

    Task<Rep?> GetAsync(string repId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Rep>> ListAsync(CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string repId, CancellationToken cancellationToken = default);
}
