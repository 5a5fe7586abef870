using FunnelAutomation.Core.Routing;

namespace FunnelAutomation.Application.Ports;

public interface IRepStore
{
    Task<IReadOnlyList<Rep>> ListAsync(CancellationToken cancellationToken);

    Task<Rep?> GetAsync(string repId, CancellationToken cancellationToken);

    Task UpsertAsync(Rep rep, CancellationToken cancellationToken);
}
