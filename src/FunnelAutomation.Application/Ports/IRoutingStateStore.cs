using FunnelAutomation.Core.Routing;

namespace FunnelAutomation.Application.Ports;

/// <summary>The shared routing state (round-robin cursors, rep loads, account owners). Updated with
/// optimistic concurrency so two hosts never hand out the same turn twice.</summary>
public interface IRoutingStateStore
{
    /// <summary>Runs <paramref name="decide"/> on the current state and stores the state it returns,
    /// retrying on a concurrent write; returns what the last run of <paramref name="decide"/> returned.</summary>
    Task<T> UpdateAsync<T>(Func<RoutingState, (RoutingState State, T Result)> decide, CancellationToken cancellationToken);
}
