using System.Globalization;
using FunnelAutomation.Application.Security;

namespace FunnelAutomation.Application.Email;

/// <summary>Signed, expiring unsubscribe tokens: <c>leadId.expiryUnixSeconds[.source].signature</c> (HMAC-SHA256,
/// base64url), where the optional source is the base64url of "sequenceId\nstepId" of the email that carried the
/// link (so the unsubscribe is counted on that step). A forged, altered or expired token is refused; no lookup
/// table is needed.</summary>
public sealed class UnsubscribeTokens(string signingKey)
{
    private readonly LinkSigner _signer = new(signingKey);

    public string Create(string leadId, DateTimeOffset expiresAt, string? sequenceId = null, string? stepId = null)
    {
        var payload = leadId + "." + expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        if (sequenceId is not null && stepId is not null)
        {
            payload += "." + LinkSigner.Base64Url(sequenceId + "\n" + stepId);
        }

        return payload + "." + _signer.Sign(payload);
    }

    /// <summary>The lead id the token was made for (and the sequence step whose email carried it, when
    /// known), or a null lead id with the reason it is refused.</summary>
    public (string? LeadId, string? Error, string? SequenceId, string? StepId) Read(string? token, DateTimeOffset now)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 3 or 4 } || parts[0].Length == 0)
        {
            return (null, "malformed token", null, null);
        }

        var payload = string.Join('.', parts[..^1]);
        if (!_signer.Verifies(payload, parts[^1]))
        {
            return (null, "invalid signature", null, null);
        }

        if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry) || DateTimeOffset.FromUnixTimeSeconds(expiry) < now)
        {
            return (null, "the link has expired", null, null);
        }

        if (parts.Length == 4 && LinkSigner.FromBase64Url(parts[2])?.Split('\n') is [var sequenceId, var stepId])
        {
            return (parts[0], null, sequenceId, stepId);
        }

        return (parts[0], null, null, null);
    }
}
