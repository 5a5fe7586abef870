using System.Globalization;

namespace FunnelAutomation.Core.Routing;

/// <summary>Builds the JSON paths used in validation errors ("$.rules[2].team", "$.regions['Latin America']").</summary>
internal static class RoutingPaths
{
    public static string Index(string parent, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{parent}[{index}]");

    public static string Member(string parent, string name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return parent + "['" + name.Replace("'", "\\'", StringComparison.Ordinal) + "']";
            }
        }

        return name.Length == 0 ? parent + "['']" : parent + "." + name;
    }

    /// <summary>Two ASCII letters: an ISO 3166-1 alpha-2 code (compared ignoring case).</summary>
    public static bool IsCountryCode(string? value) =>
        value is { Length: 2 } && char.IsAsciiLetter(value[0]) && char.IsAsciiLetter(value[1]);
}
