using FunnelAutomation.Application.Actions;
using FunnelAutomation.Application.Analytics;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Actions;

namespace FunnelAutomation.Application.Email;

/// <summary>One-click unsubscribe from a signed link: the address is suppressed at once (never mailed
/// again), the lead's journey learns of it (its sequences exit), and the sequence step whose email carried
/// the link counts it once, however often the link is followed.</summary>
public sealed class UnsubscribeService(
    ILeadStore leads,
    ISuppressionList suppressions,
    CustomerActionService actions,
    IIdempotencyGuard guard,
    FunnelOptions options,
    TimeProvider time,
    FunnelAnalyticsService? analytics = null)
{
    private readonly UnsubscribeTokens _tokens = new(options.UnsubscribeSigningKey);

    /// <summary>Null on success, else why the link is refused.</summary>
    public async Task<string?> UnsubscribeAsync(string? token, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (leadId, error, sequenceId, stepId) = _tokens.Read(token, now);
        if (leadId is null)
        {
            return error;
        }

        var lead = await leads.GetAsync(leadId, cancellationToken).ConfigureAwait(false);
        if (lead is null)
        {
            return null; // erased already: nothing left to mail
        }

        await suppressions.SuppressAsync(lead.Profile.Email, CustomerActionTypes.Unsubscribed, cancellationToken).ConfigureAwait(false);
        await actions.RecordAsync(leadId, new CustomerAction("unsubscribe:" + leadId, CustomerActionTypes.Unsubscribed, now), cancellationToken).ConfigureAwait(false);
        var counted = "unsubscribe-counted:" + leadId;
        if (analytics is not null && !await guard.HasRunAsync(counted, cancellationToken).ConfigureAwait(false))
        {
            await analytics.RecordUnsubscribeAsync(leadId, sequenceId, stepId, cancellationToken).ConfigureAwait(false);
            await guard.MarkRunAsync(counted, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }
}
