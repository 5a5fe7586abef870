using FunnelAutomation.Core.Common;

namespace FunnelAutomation.Core.Routing;

/// <summary>The rule checks of a routing document, collecting every error rather than stopping at the first.</summary>
internal static class RoutingRulesValidator
{
    public static List<ValidationError> Validate(RoutingRules doc)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(doc.FallbackQueue))
        {
            errors.Add(new("$.fallbackQueue", "required: the queue that takes leads no rep can take"));
        }

        ValidateOwnership(doc.AccountOwnership, errors);
        var regionNames = ValidateRegions(doc.Regions, errors);
        ValidateRules(doc.Rules, regionNames, errors);
        return errors;
    }

    public static void ValidateAgainstReps(RoutingRules doc, IReadOnlyList<Rep> reps, List<ValidationError> errors)
    {
        var teams = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rep in reps)
        {
            if (rep?.Team is { } team)
            {
                teams.Add(team);
            }
        }

        for (var i = 0; i < doc.Rules.Count; i++)
        {
            var team = doc.Rules[i]?.Team;
            if (string.IsNullOrWhiteSpace(team) || teams.Contains(team))
            {
                continue;
            }

            string? nearMiss = null;
            foreach (var known in teams)
            {
                if (string.Equals(known, team, StringComparison.OrdinalIgnoreCase))
                {
                    nearMiss = known;
                }
            }

            errors.Add(new(
                RoutingPaths.Index("$.rules", i) + ".team",
                nearMiss is null
                    ? $"no rep belongs to team \"{team}\""
                    : $"no rep belongs to team \"{team}\" (team names are case-sensitive: did you mean \"{nearMiss}\"?)"));
        }

        for (var i = 0; i < reps.Count; i++)
        {
            var territories = reps[i]?.Territories;
            if (territories is null)
            {
                continue;
            }

            for (var j = 0; j < territories.Count; j++)
            {
                var territory = territories[j];
                if (string.IsNullOrWhiteSpace(territory) || RoutingPaths.IsCountryCode(territory) || FindRegion(doc.Regions, territory) is not null)
                {
                    continue; // blanks are reported by the roster checks
                }

                errors.Add(new(
                    RoutingPaths.Index(RoutingPaths.Index("$.reps", i) + ".territories", j),
                    $"\"{territory}\" is neither a country code nor a region of the routing document ({DescribeRegions(doc.Regions)})"));
            }
        }
    }

    /// <summary>The country list of a region, found ignoring case.</summary>
    public static IReadOnlyList<string>? FindRegion(IReadOnlyDictionary<string, IReadOnlyList<string>> regions, string name)
    {
        if (regions.TryGetValue(name, out var exact))
        {
            return exact;
        }

        foreach (var (key, countries) in regions)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return countries;
            }
        }

        return null;
    }

    private static void ValidateOwnership(AccountOwnershipSettings? ownership, List<ValidationError> errors)
    {
        if (ownership is null)
        {
            errors.Add(new("$.accountOwnership", "must be an object (or left out)"));
            return;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < ownership.IgnoredDomains.Count; i++)
        {
            var domain = ownership.IgnoredDomains[i];
            var path = RoutingPaths.Index("$.accountOwnership.ignoredDomains", i);
            if (string.IsNullOrWhiteSpace(domain) || domain.Contains('@', StringComparison.Ordinal)
                || domain.Contains(' ', StringComparison.Ordinal) || !domain.Contains('.', StringComparison.Ordinal))
            {
                errors.Add(new(path, "must be a bare domain such as \"gmail.com\""));
            }
            else if (!seen.Add(domain))
            {
                errors.Add(new(path, $"\"{domain}\" is listed twice"));
            }
        }
    }

    private static HashSet<string> ValidateRegions(IReadOnlyDictionary<string, IReadOnlyList<string>>? regions, List<ValidationError> errors)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (regions is null)
        {
            errors.Add(new("$.regions", "must be an object of region name to country codes (or left out)"));
            return names;
        }

        foreach (var (name, countries) in regions)
        {
            var path = RoutingPaths.Member("$.regions", name);
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add(new(path, "a region needs a name"));
            }
            else if (!names.Add(name))
            {
                errors.Add(new(path, $"region \"{name}\" is defined twice (names ignore case)"));
            }

            if (countries is null || countries.Count == 0)
            {
                errors.Add(new(path, "a region must list at least one country code"));
                continue;
            }

            ValidateCountries(countries, path, errors);
        }

        return names;
    }

    private static void ValidateRules(IReadOnlyList<RoutingRule?>? rules, HashSet<string> regionNames, List<ValidationError> errors)
    {
        if (rules is null || rules.Count == 0)
        {
            errors.Add(new("$.rules", "at least one rule is required"));
            return;
        }

        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        int? catchAll = null;
        for (var i = 0; i < rules.Count; i++)
        {
            var path = RoutingPaths.Index("$.rules", i);
            var rule = rules[i];
            if (rule is null)
            {
                errors.Add(new(path, "must be a rule object"));
                continue;
            }

            if (string.IsNullOrWhiteSpace(rule.Name))
            {
                errors.Add(new(path + ".name", "required: a name such as \"EMEA-Enterprise\""));
            }
            else if (names.TryGetValue(rule.Name, out var first))
            {
                errors.Add(new(path + ".name", $"duplicate rule name \"{rule.Name}\" (already used by {RoutingPaths.Index("$.rules", first)})"));
            }
            else
            {
                names.Add(rule.Name, i);
            }

            if (string.IsNullOrWhiteSpace(rule.Team))
            {
                errors.Add(new(path + ".team", "required: the team that takes the matched leads"));
            }

            if (!Enum.IsDefined(rule.Strategy))
            {
                errors.Add(new(path + ".strategy", "must be roundRobin, weighted or leastLoaded"));
            }

            if (rule.FallbackQueue is not null && string.IsNullOrWhiteSpace(rule.FallbackQueue))
            {
                errors.Add(new(path + ".fallbackQueue", "must not be blank (leave it out to use $.fallbackQueue)"));
            }

            if (rule.Match is null)
            {
                errors.Add(new(path + ".match", "must be an object (leave it out to match every lead)"));
                continue;
            }

            ValidateMatch(rule.Match, path + ".match", regionNames, errors);
            if (catchAll is { } c)
            {
                errors.Add(new(path, $"unreachable: {RoutingPaths.Index("$.rules", c)} (\"{rules[c]!.Name}\") has no conditions and matches every lead first"));
            }
            else if (rule.Match.MatchesEveryLead)
            {
                catchAll = i;
            }
        }
    }

    private static void ValidateMatch(RuleMatch match, string path, HashSet<string> regionNames, List<ValidationError> errors)
    {
        ValidateCountries(match.Countries, path + ".countries", errors);

        for (var i = 0; i < match.Regions.Count; i++)
        {
            var region = match.Regions[i];
            if (string.IsNullOrWhiteSpace(region) || !regionNames.Contains(region))
            {
                errors.Add(new(
                    RoutingPaths.Index(path + ".regions", i),
                    $"unknown region \"{region}\"; defined regions: {(regionNames.Count == 0 ? "none" : string.Join(", ", regionNames))}"));
            }
        }

        for (var i = 0; i < match.SizeBands.Count; i++)
        {
            if (!Enum.IsDefined(match.SizeBands[i]))
            {
                errors.Add(new(RoutingPaths.Index(path + ".sizeBands", i), "not a company size band"));
            }
        }

        for (var i = 0; i < match.Industries.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(match.Industries[i]))
            {
                errors.Add(new(RoutingPaths.Index(path + ".industries", i), "must not be blank"));
            }
        }

        if (match.MinGrade is { } grade && !Enum.IsDefined(grade))
        {
            errors.Add(new(path + ".minGrade", "must be a, b, c or d"));
        }
    }

    private static void ValidateCountries(IReadOnlyList<string> countries, string path, List<ValidationError> errors)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < countries.Count; i++)
        {
            var country = countries[i];
            var itemPath = RoutingPaths.Index(path, i);
            if (!RoutingPaths.IsCountryCode(country))
            {
                errors.Add(new(itemPath, $"\"{country}\" is not an ISO 3166-1 alpha-2 country code such as \"DE\""));
            }
            else if (!seen.Add(country))
            {
                errors.Add(new(itemPath, $"\"{country}\" is listed twice"));
            }
        }
    }

    private static string DescribeRegions(IReadOnlyDictionary<string, IReadOnlyList<string>> regions) =>
        regions.Count == 0 ? "it defines no regions" : "regions: " + string.Join(", ", regions.Keys);
}
