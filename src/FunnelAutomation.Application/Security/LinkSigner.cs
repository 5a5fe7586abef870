using System.Security.Cryptography;
using System.Text;

namespace FunnelAutomation.Application.Security;

/// <summary>HMAC-SHA256 signatures for links sent in email (unsubscribe, a rep's own leads), base64url. A
/// <c>purpose</c> is signed with the payload, so a token made for one kind of link is refused by another even
/// though they share the key.</summary>
public sealed class LinkSigner(string signingKey)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(signingKey);

    public string Sign(string payload, string? purpose = null) =>
        Base64Url(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(purpose is null ? payload : purpose + "\n" + payload)));

    /// <summary>Whether <paramref name="signature"/> is this key's signature of the payload, compared in constant time.</summary>
    public bool Verifies(string payload, string signature, string? purpose = null) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(payload, purpose)), Encoding.ASCII.GetBytes(signature));

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Base64Url(string text) => Base64Url(Encoding.UTF8.GetBytes(text));

    public static string? FromBase64Url(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var padded = text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (text.Length % 4)) % 4);
        var bytes = new byte[padded.Length];
        return Convert.TryFromBase64String(padded, bytes, out var written) ? Encoding.UTF8.GetString(bytes, 0, written) : null;
    }
}
