using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Application.Tests.Fakes;

/// <summary>A lead store that holds every <see cref="UpdateAsync"/> until <paramref name="parties"/> callers
/// have reached it, then lets them through one after another (the inner store serialises writes). Two runs of
/// one command thereby both pass their earlier reads before either writes: the race, made deterministic.</summary>
internal sealed class GatedLeadStore(ILeadStore inner, int parties) : ILeadStore
{
    private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public Task<Lead?> GetAsync(string leadId, CancellationToken cancellationToken) => inner.GetAsync(leadId, cancellationToken);

    public async Task<Lead?> UpdateAsync(string leadId, Func<Lead?, Lead?> change, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _arrived) >= parties)
        {
            _allArrived.TrySetResult();
        }

        // Bounded, so a change that stops one caller from arriving fails the test instead of hanging it.
        await _allArrived.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        return await inner.UpdateAsync(leadId, change, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<Lead>> ListByOwnerAsync(string repId, CancellationToken cancellationToken) => inner.ListByOwnerAsync(repId, cancellationToken);

    public IAsyncEnumerable<Lead> ListAllAsync(CancellationToken cancellationToken) => inner.ListAllAsync(cancellationToken);
}
