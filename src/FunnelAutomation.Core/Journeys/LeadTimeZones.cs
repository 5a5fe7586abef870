namespace FunnelAutomation.Core.Journeys;

/// <summary>Picks the time zone a lead's send window is computed in: an explicit IANA zone, else the main
/// business zone of its country, else the tenant default.</summary>
public static class LeadTimeZones
{
    // The zone where most business hours fall; a country spanning zones gets its commercial centre.
    private static readonly Dictionary<string, string> ByCountry = new(StringComparer.OrdinalIgnoreCase)
    {
        ["US"] = "America/New_York", ["CA"] = "America/Toronto", ["MX"] = "America/Mexico_City",
        ["BR"] = "America/Sao_Paulo", ["AR"] = "America/Argentina/Buenos_Aires", ["GB"] = "Europe/London",
        ["IE"] = "Europe/Dublin", ["DE"] = "Europe/Berlin", ["FR"] = "Europe/Paris", ["NL"] = "Europe/Amsterdam",
        ["BE"] = "Europe/Brussels", ["ES"] = "Europe/Madrid", ["IT"] = "Europe/Rome", ["CH"] = "Europe/Zurich",
        ["AT"] = "Europe/Vienna", ["SE"] = "Europe/Stockholm", ["NO"] = "Europe/Oslo", ["DK"] = "Europe/Copenhagen",
        ["FI"] = "Europe/Helsinki", ["PL"] = "Europe/Warsaw", ["PT"] = "Europe/Lisbon", ["AE"] = "Asia/Dubai",
        ["ZA"] = "Africa/Johannesburg", ["IN"] = "Asia/Kolkata", ["CN"] = "Asia/Shanghai", ["HK"] = "Asia/Hong_Kong",
        ["TW"] = "Asia/Taipei", ["JP"] = "Asia/Tokyo", ["KR"] = "Asia/Seoul", ["SG"] = "Asia/Singapore",
        ["AU"] = "Australia/Sydney", ["NZ"] = "Pacific/Auckland",
    };

    public static string Resolve(string? explicitZone, string? country, string fallback)
    {
        if (!string.IsNullOrWhiteSpace(explicitZone) && TryFind(explicitZone, out _))
        {
            return explicitZone;
        }

        return country is not null && ByCountry.TryGetValue(country, out var zone) ? zone : fallback;
    }

    public static TimeZoneInfo Find(string zone) => TryFind(zone, out var info) ? info : TimeZoneInfo.Utc;

    private static bool TryFind(string zone, out TimeZoneInfo info)
    {
        try
        {
            info = TimeZoneInfo.FindSystemTimeZoneById(zone);
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            info = TimeZoneInfo.Utc;
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            info = TimeZoneInfo.Utc;
            return false;
        }
    }
}
