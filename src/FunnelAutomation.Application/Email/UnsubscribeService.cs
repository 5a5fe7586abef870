using FunnelAutomation.Application.Actions;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Actions;

namespace FunnelAutomation.Application.Email;

/// <summary>One-click unsubscribe from a signed link: the address is suppressed at once (never mailed
/// again) and the lead's journey learns of it (its sequences exit).</summary>
public sealed class UnsubscribeService(
    ILeadStore leads,
    ISuppressionList suppressions,
    CustomerActionService actions,
    FunnelOptions options,
    TimeProvider time)
{
    private readonly UnsubscribeTokens _tokens = new(options.UnsubscribeSigningKey);

    /// <summary>Null on success, else why the link is refused.</summary>
    public async Task<string?> UnsubscribeAsync(string? token, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (leadId, error) = _tokens.Read(token, now);
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
        return null;
    }
}
