using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FunnelAutomation.Application.Email;

/// <summary>Signed, expiring unsubscribe tokens: <c>leadId.expiryUnixSeconds[.source].signature</c> (HMAC-SHA256,
/// base64url), where the optional source is the base64url of "sequenceId\nstepId" of the email that carried the
/// link (so the unsubscribe is counted on that step). A forged, altered or expired token is refused; no lookup
/// table is needed.</summary>
public sealed class UnsubscribeTokens(string signingKey)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(signingKey);

    public string Create(string leadId, DateTimeOffset expiresAt, string? sequenceId = null, string? stepId = null)
    {
        var payload = leadId + "." + expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        if (sequenceId is not null && stepId is not null)
        {
            payload += "." + Base64Url(Encoding.UTF8.GetBytes(sequenceId + "\n" + stepId));
        }

        return payload + "." + Sign(payload);
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
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(payload)), Encoding.ASCII.GetBytes(parts[^1])))
        {
            return (null, "invalid signature", null, null);
        }

        if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry) || DateTimeOffset.FromUnixTimeSeconds(expiry) < now)
        {
            return (null, "the link has expired", null, null);
        }

        if (parts.Length == 4 && FromBase64Url(parts[2])?.Split('\n') is [var sequenceId, var stepId])
        {
            return (parts[0], null, sequenceId, stepId);
        }

        return (parts[0], null, null, null);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (text.Length % 4)) % 4);
        var bytes = new byte[padded.Length];
        return Convert.TryFromBase64String(padded, bytes, out var written) ? Encoding.UTF8.GetString(bytes, 0, written) : null;
    }

    private string Sign(string payload)
    {
        return Base64Url(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(payload)));
    }
}
