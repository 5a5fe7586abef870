using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FunnelAutomation.Application.Email;

/// <summary>Signed, expiring unsubscribe tokens: <c>leadId.expiryUnixSeconds.signature</c> (HMAC-SHA256,
/// base64url). A forged, altered or expired token is refused; no lookup table is needed.</summary>
public sealed class UnsubscribeTokens(string signingKey)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(signingKey);

    public string Create(string leadId, DateTimeOffset expiresAt)
    {
        var payload = leadId + "." + expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return payload + "." + Sign(payload);
    }

    /// <summary>The lead id the token was made for, or null with the reason it is refused.</summary>
    public (string? LeadId, string? Error) Read(string? token, DateTimeOffset now)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 3 } || parts[0].Length == 0)
        {
            return (null, "malformed token");
        }

        var payload = parts[0] + "." + parts[1];
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(payload)), Encoding.ASCII.GetBytes(parts[2])))
        {
            return (null, "invalid signature");
        }

        if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry) || DateTimeOffset.FromUnixTimeSeconds(expiry) < now)
        {
            return (null, "the link has expired");
        }

        return (parts[0], null);
    }

    private string Sign(string payload)
    {
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(payload));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
