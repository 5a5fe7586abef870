using System.Globalization;
using FunnelAutomation.Application.Security;

namespace FunnelAutomation.Application.Reps;

/// <summary>A rep's signed link to their own leads: <c>base64url(repId).expiryUnixSeconds.signature</c>. It is what
/// the rep and manager notifications carry, so a rep opens the leads they own (and those leads' timelines) without
/// the function key, which reads every lead. Signed with purpose "rep-leads", so an unsubscribe token, made with the
/// same key, is refused here, and the other way round.</summary>
public sealed class RepLinks(FunnelOptions options)
{
    private const string Purpose = "rep-leads";

    /// <summary>The page that reads the token (served by the dashboard route on both hosts).</summary>
    public const string PagePath = "/api/dashboard/my.html";

    private readonly LinkSigner _signer = new(options.UnsubscribeSigningKey);

    public string CreateToken(string repId, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(repId);
        var payload = LinkSigner.Base64Url(repId) + "." + expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return payload + "." + _signer.Sign(payload, Purpose);
    }

    /// <summary>The rep's page, valid for <see cref="FunnelOptions.RepLinkLifetime"/> from <paramref name="now"/>,
    /// opened on one lead when <paramref name="leadId"/> is given.</summary>
    public RepLink Create(string repId, DateTimeOffset now, string? leadId = null)
    {
        var expiresAt = now + options.RepLinkLifetime;
        var url = $"{options.PublicBaseUrl.TrimEnd('/')}{PagePath}?token={Uri.EscapeDataString(CreateToken(repId, expiresAt))}";
        return new RepLink(repId, leadId is null ? url : url + "#lead=" + Uri.EscapeDataString(leadId), expiresAt);
    }

    /// <summary>The rep the token was made for, or a null rep with the reason it is refused.</summary>
    public (string? RepId, string? Error) Read(string? token, DateTimeOffset now)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 3 } || parts[0].Length == 0)
        {
            return (null, "malformed token");
        }

        if (!_signer.Verifies(parts[0] + "." + parts[1], parts[2], Purpose))
        {
            return (null, "invalid signature");
        }

        if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry) || DateTimeOffset.FromUnixTimeSeconds(expiry) < now)
        {
            return (null, "the link has expired; ask for a new one");
        }

        var repId = LinkSigner.FromBase64Url(parts[0]);
        return string.IsNullOrEmpty(repId) ? (null, "malformed token") : (repId, null);
    }
}

/// <summary>A rep's link and when it stops working.</summary>
public sealed record RepLink(string RepId, string Url, DateTimeOffset ExpiresAt);
