namespace FunnelAutomation.Core.Leads;

/// <summary>Who the lead is: the validated, normalised facts from a form, an import or a rep.
/// Scoring and routing read only this (plus engagement), so both are pure functions of it.</summary>
public sealed record LeadProfile
{
    /// <summary>Normalised email (see <see cref="EmailAddress.Normalize"/>): the dedupe key.</summary>
    public required string Email { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? Company { get; init; }

    /// <summary>Company web domain; defaults to the email's domain when not given.</summary>
    public string? CompanyDomain { get; init; }

    public string? JobTitle { get; init; }

    public string? Industry { get; init; }

    public int? Employees { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country code, upper case ("DE").</summary>
    public string? Country { get; init; }

    public string? Phone { get; init; }

    /// <summary>Where the lead came from: "website", "import", "trade-show", "webinar"…</summary>
    public string Source { get; init; } = "website";

    /// <summary>IANA time zone ("Europe/Berlin"), when the lead or a form supplied one.</summary>
    public string? TimeZone { get; init; }

    public Qualification Qualification { get; init; } = Qualification.None;

    public CompanySizeBand SizeBand => CompanySizeBands.FromEmployees(Employees);

    /// <summary>The domain that identifies the account (explicit company domain, else the email's).</summary>
    public string AccountDomain => string.IsNullOrWhiteSpace(CompanyDomain)
        ? EmailAddress.Domain(Email)
        : CompanyDomain.Trim().ToLowerInvariant();
}
