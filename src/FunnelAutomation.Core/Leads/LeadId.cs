using System.Security.Cryptography;
using System.Text;

namespace FunnelAutomation.Core.Leads;

/// <summary>A lead's id is derived from its normalised email, so two hosts receiving the same person at
/// once converge on one lead without a lookup, and a lookup by email never scans.</summary>
public static class LeadId
{
    public static string ForEmail(string email)
    {
        var normalized = EmailAddress.Normalize(email);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(normalized));
        return "ld_" + Convert.ToHexStringLower(hash.AsSpan(0, 10));
    }
}
