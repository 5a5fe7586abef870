namespace FunnelAutomation.Application.Leads;

/// <summary>Where a plain HTML form post may be redirected after capture: a relative path on this site, or
/// a URL on an allowed origin. Anything else would make the endpoint an open redirect.</summary>
public static class LeadFormRedirect
{
    public const string Field = "redirect";

    public static bool IsAllowed(string redirect, IEnumerable<string> allowedOrigins)
    {
        ArgumentNullException.ThrowIfNull(redirect);
        ArgumentNullException.ThrowIfNull(allowedOrigins);

        // Browsers drop tabs and newlines from a URL, so "/\t/evil.example" would become "//evil.example".
        if (redirect.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return false;
        }

        if (redirect.StartsWith('/') && !redirect.StartsWith("//", StringComparison.Ordinal) && !redirect.Contains('\\', StringComparison.Ordinal))
        {
            return true;
        }

        return Uri.TryCreate(redirect, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && allowedOrigins.Any(o => string.Equals(o.TrimEnd('/'), uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase));
    }
}
