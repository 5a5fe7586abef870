using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Application.Analytics;

/// <summary>Keeps the funnel projection in step with the leads: every successful lead write is reported
/// to <see cref="FunnelAnalyticsService"/> with the lead as it was before that write. One hook point, so
/// no use case can forget it. A write lost between the two (a crash) is repaired by a rebuild.</summary>
public sealed class ProjectedLeadStore(ILeadStore inner, FunnelAnalyticsService analytics) : ILeadStore
{
    public Task<Lead?> GetAsync(string leadId, CancellationToken cancellationToken) => inner.GetAsync(leadId, cancellationToken);

    public Task<Lead?> UpdateAsync(string leadId, Func<Lead?, Lead?> change, CancellationToken cancellationToken) =>
        ProjectAsync(change, observed => inner.UpdateAsync(leadId, observed, cancellationToken), cancellationToken);

    public Task<Lead?> CreateOrUpdateAsync(string leadId, Func<Lead?, Lead?> change, CancellationToken cancellationToken) =>
        ProjectAsync(change, observed => inner.CreateOrUpdateAsync(leadId, observed, cancellationToken), cancellationToken);

    private async Task<Lead?> ProjectAsync(Func<Lead?, Lead?> change, Func<Func<Lead?, Lead?>, Task<Lead?>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        Lead? before = null;
        Lead? written = null;
        var result = await write(current =>
        {
            // The store may run the change more than once (ETag retries); the last run is what was written.
            before = current;
            written = change(current);
            return written;
        }).ConfigureAwait(false);

        if (written is not null && !ReferenceEquals(written, before))
        {
            await analytics.RecordLeadChangeAsync(before, written, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    public Task<IReadOnlyList<Lead>> ListByOwnerAsync(string repId, CancellationToken cancellationToken) =>
        inner.ListByOwnerAsync(repId, cancellationToken);

    public IAsyncEnumerable<Lead> ListAllAsync(CancellationToken cancellationToken) => inner.ListAllAsync(cancellationToken);
}
