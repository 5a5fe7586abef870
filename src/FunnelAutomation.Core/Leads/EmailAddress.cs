using System.Net.Mail;

namespace FunnelAutomation.Core.Leads;

/// <summary>Email normalisation: the dedupe key of a person. Case and surrounding blanks never make a
/// second lead; plus-addressing does (a "+events" alias may be a deliberate separate inbox).</summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    public static string Normalize(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Trim().ToLowerInvariant();
    }

    public static bool IsValid(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return false;
        }

        var trimmed = email.Trim();
        if (trimmed.Length > MaxLength || trimmed.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1 || !trimmed[(at + 1)..].Contains('.', StringComparison.Ordinal))
        {
            return false;
        }

        return MailAddress.TryCreate(trimmed, out var parsed) && parsed.Address == trimmed;
    }

    /// <summary>The domain part, lower-cased ("acme.com"), used for account ownership and free-mail rules.</summary>
    public static string Domain(string email)
    {
        var normalized = Normalize(email);
        var at = normalized.LastIndexOf('@');
        return at < 0 ? string.Empty : normalized[(at + 1)..];
    }
}
