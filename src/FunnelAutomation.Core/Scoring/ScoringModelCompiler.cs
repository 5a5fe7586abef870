using System.Collections.Frozen;
using System.Globalization;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Configuration;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Core.Scoring;

/// <summary>Validates a <see cref="ScoringModelDocument"/> (collecting every error with its JSON path) and,
/// only when it is valid, builds the lookup tables and precomputed explanations of a <see cref="ScoringModel"/>.</summary>
internal sealed class ScoringModelCompiler
{
    /// <summary>Keeps one rule from drowning all others (and sums far from overflow).</summary>
    public const int MaxPoints = 1000;

    public const int MaxCapPoints = 100_000;

    private readonly List<ValidationError> _errors = [];

    private ScoringModelCompiler()
    {
    }

    public static Result<ScoringModel> Compile(ScoringModelDocument document)
    {
        var compiler = new ScoringModelCompiler();
        return compiler.Run(document);
    }

    private Result<ScoringModel> Run(ScoringModelDocument doc)
    {
        CheckHeader(doc);
        var fit = doc.Fit ?? new FitSection();
        var negative = doc.Negative ?? new NegativeSection();
        var qualification = doc.Qualification ?? new QualificationSection();
        var engagement = doc.Engagement ?? new EngagementSection();

        var industries = CompileIndustries(fit.Industries ?? []);
        var sizeBands = CompileSizeBands(fit.CompanySizes ?? []);
        var regions = CompileRegions(fit.Regions ?? new Dictionary<string, IReadOnlyList<string>>());
        var countries = CompileGeography(fit.Geography ?? [], regions);
        var titles = CompileTitles(fit.JobTitles ?? []);
        var freeMail = CompileDomains(negative.FreeMail ?? new DomainRule(), "$.negative.freeMail", "Free-mail domain", null);
        var competitors = CompileDomains(negative.Competitors ?? new DomainRule(), "$.negative.competitors", "Competitor domain", freeMail);
        var budget = CompileBudget(qualification.Budget ?? []);
        var need = CompileNeed(qualification.Need ?? []);
        var timeline = CompileTimeline(qualification.Timeline ?? []);
        var decisionMaker = Fixed(qualification.DecisionMaker, "$.qualification.decisionMaker", "qualification.decisionMaker", "Contact is a decision maker");
        var competitorInvolved = Fixed(qualification.CompetitorInvolved, "$.qualification.competitorInvolved", "qualification.competitorInvolved", "Another vendor is being evaluated");
        var (rules, actionIndex, pages) = CompileEngagement(engagement);
        CheckGrades(doc.Grades);
        var recentDays = CheckPriority(doc.Priority);
        CheckPrediction(doc.Prediction);

        if (_errors.Count > 0)
        {
            return Result<ScoringModel>.Failure(_errors);
        }

        var model = new ScoringModel(doc)
        {
            Industries = industries.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>(),
            SizeBands = sizeBands,
            Countries = countries.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>(),
            TitleKeywords = titles,
            FreeMail = new DomainTable(freeMail),
            Competitors = new DomainTable(competitors),
            BudgetTiers = budget,
            DecisionMaker = decisionMaker,
            NeedLevels = need,
            TimelineTiers = timeline,
            CompetitorInvolved = competitorInvolved,
            EngagementRules = rules,
            ActionRuleIndex = actionIndex.ToFrozenDictionary(StringComparer.Ordinal),
            PageVisitedRuleIndex = actionIndex.TryGetValue(CustomerActionTypes.PageVisited, out var pv) ? pv : -1,
            PageRules = pages,
            DecayPerDay = engagement.HalfLifeDays is { } halfLife ? -Math.Log(2) / halfLife : 0,
            RecentEngagementDays = recentDays,
        };
        return Result<ScoringModel>.Success(model);
    }

    private void Error(string path, string reason) => _errors.Add(new ValidationError(path, reason));

    private void CheckHeader(ScoringModelDocument doc)
    {
        if (doc.Kind != DocumentKinds.Scoring)
        {
            Error("$.kind", $"expected \"{DocumentKinds.Scoring}\" but found \"{doc.Kind}\"");
        }

        if (doc.SchemaVersion != ConfigJson.CurrentSchemaVersion)
        {
            Error("$.schemaVersion", $"unsupported version {doc.SchemaVersion}; this build reads version {ConfigJson.CurrentSchemaVersion}");
        }

        if (string.IsNullOrWhiteSpace(doc.Id))
        {
            Error("$.id", "required: the model id, e.g. \"b2b-default\"");
        }
        else if (doc.Id.Length > 64 || !doc.Id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-'))
        {
            Error("$.id", $"'{doc.Id}' is not a valid id: use up to 64 lower-case letters, digits, '.', '_' or '-'");
        }

        if (string.IsNullOrWhiteSpace(doc.Version))
        {
            Error("$.version", "required: a version label, e.g. \"2026-11\"");
        }
        else if (doc.Version.Length > 64 || doc.Version.Any(char.IsWhiteSpace))
        {
            Error("$.version", "a version label has no spaces and at most 64 characters");
        }
    }

    private bool CheckPoints(int points, string path)
    {
        if (points is < -MaxPoints or > MaxPoints)
        {
            Error(path, $"points must be between -{MaxPoints} and {MaxPoints}, found {points}");
            return false;
        }

        return true;
    }

    private Dictionary<string, ScoreContribution> CompileIndustries(IReadOnlyList<IndustryRule> rules)
    {
        var table = new Dictionary<string, ScoreContribution>(StringComparer.OrdinalIgnoreCase);
        var owner = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < rules.Count; i++)
        {
            var path = $"$.fit.industries[{i}]";
            var rule = rules[i];
            CheckPoints(rule.Points, path + ".points");
            if (rule.Match is null || rule.Match.Count == 0)
            {
                Error(path + ".match", "list at least one industry");
                continue;
            }

            for (var j = 0; j < rule.Match.Count; j++)
            {
                var name = rule.Match[j]?.Trim();
                var itemPath = $"{path}.match[{j}]";
                if (string.IsNullOrEmpty(name))
                {
                    Error(itemPath, "an industry name cannot be empty");
                }
                else if (owner.TryGetValue(name, out var first))
                {
                    Error(itemPath, $"industry '{name}' is already scored at {first}");
                }
                else
                {
                    owner[name] = itemPath;
                    var fit = rule.Points >= 0 ? "is a target industry" : "is a poor-fit industry";
                    table[name] = new ScoreContribution("fit.industry", ScoreCategory.Fit, rule.Points, $"Industry '{name}' {fit}: {Signed(rule.Points)}");
                }
            }
        }

        return table;
    }

    private ScoreContribution?[] CompileSizeBands(IReadOnlyList<CompanySizeRule> rules)
    {
        var bands = new ScoreContribution?[Enum.GetValues<CompanySizeBand>().Length];
        var owner = new string?[bands.Length];
        for (var i = 0; i < rules.Count; i++)
        {
            var path = $"$.fit.companySizes[{i}]";
            var rule = rules[i];
            CheckPoints(rule.Points, path + ".points");
            if (rule.Bands is null || rule.Bands.Count == 0)
            {
                Error(path + ".bands", "list at least one size band (micro, small, medium, large, enterprise, unknown)");
                continue;
            }

            for (var j = 0; j < rule.Bands.Count; j++)
            {
                var band = rule.Bands[j];
                var index = (int)band;
                var itemPath = $"{path}.bands[{j}]";
                if (index < 0 || index >= bands.Length)
                {
                    Error(itemPath, $"unknown size band {band}");
                }
                else if (owner[index] is { } first)
                {
                    Error(itemPath, $"size band {BandName(band)} is already scored at {first}");
                }
                else
                {
                    owner[index] = itemPath;
                    bands[index] = rule.Points == 0
                        ? null
                        : new ScoreContribution("fit.companySize", ScoreCategory.Fit, rule.Points, $"Company size {BandName(band)} ({BandRange(band)}): {Signed(rule.Points)}");
                }
            }
        }

        return bands;
    }

    private Dictionary<string, string[]> CompileRegions(IReadOnlyDictionary<string, IReadOnlyList<string>> regions)
    {
        var result = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, countries) in regions)
        {
            var path = "$.fit.regions" + PropertyPath(name);
            if (string.IsNullOrWhiteSpace(name))
            {
                Error(path, "a region needs a name");
                continue;
            }

            if (result.ContainsKey(name.Trim()))
            {
                Error(path, $"region '{name}' is defined twice (names are case-insensitive)");
                continue;
            }

            if (countries is null || countries.Count == 0)
            {
                Error(path, "a region lists at least one country code");
                continue;
            }

            var codes = new List<string>(countries.Count);
            for (var j = 0; j < countries.Count; j++)
            {
                if (CheckCountry(countries[j], $"{path}[{j}]") is { } code)
                {
                    if (codes.Contains(code, StringComparer.Ordinal))
                    {
                        Error($"{path}[{j}]", $"country {code} is listed twice in region '{name}'");
                    }
                    else
                    {
                        codes.Add(code);
                    }
                }
            }

            result[name.Trim()] = [.. codes];
        }

        return result;
    }

    private string? CheckCountry(string? value, string path)
    {
        var code = value?.Trim();
        if (code is not { Length: 2 } || !char.IsAsciiLetter(code[0]) || !char.IsAsciiLetter(code[1]))
        {
            Error(path, $"'{value}' is not an ISO 3166-1 alpha-2 country code (two letters, e.g. \"DE\")");
            return null;
        }

        return code.ToUpperInvariant();
    }

    private Dictionary<string, ScoreContribution> CompileGeography(IReadOnlyList<GeographyRule> rules, Dictionary<string, string[]> regions)
    {
        var table = new Dictionary<string, ScoreContribution>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < rules.Count; i++)
        {
            var path = $"$.fit.geography[{i}]";
            var rule = rules[i];
            CheckPoints(rule.Points, path + ".points");
            var countries = rule.Countries ?? [];
            var regionNames = rule.Regions ?? [];
            if (countries.Count == 0 && regionNames.Count == 0)
            {
                Error(path, "a geography rule lists at least one country or region");
                continue;
            }

            // Earlier rules win, so a country listed on its own before its region keeps its own points.
            for (var j = 0; j < countries.Count; j++)
            {
                if (CheckCountry(countries[j], $"{path}.countries[{j}]") is { } code)
                {
                    var fit = rule.Points >= 0 ? "is a target country" : "is a poor-fit country";
                    table.TryAdd(code, new ScoreContribution("fit.geography", ScoreCategory.Fit, rule.Points, $"Country {code} {fit}: {Signed(rule.Points)}"));
                }
            }

            for (var j = 0; j < regionNames.Count; j++)
            {
                var name = regionNames[j]?.Trim() ?? string.Empty;
                if (!regions.TryGetValue(name, out var codes))
                {
                    var known = regions.Count == 0 ? "none is defined under $.fit.regions" : "defined: " + string.Join(", ", regions.Keys);
                    Error($"{path}.regions[{j}]", $"unknown region '{name}'; {known}");
                    continue;
                }

                foreach (var code in codes)
                {
                    table.TryAdd(code, new ScoreContribution("fit.geography", ScoreCategory.Fit, rule.Points, $"Country {code} is in region {name}: {Signed(rule.Points)}"));
                }
            }
        }

        // Zero-point entries stay in the table (they end the first-match search) but contribute nothing.
        return table;
    }

    private KeywordPattern CompileTitles(IReadOnlyList<JobTitleRule> rules)
    {
        var result = new List<(string, ScoreContribution)>();
        for (var i = 0; i < rules.Count; i++)
        {
            var path = $"$.fit.jobTitles[{i}]";
            var rule = rules[i];
            CheckPoints(rule.Points, path + ".points");
            if (rule.Label is not null && string.IsNullOrWhiteSpace(rule.Label))
            {
                Error(path + ".label", "a label cannot be blank (leave it out to use the pattern)");
            }

            var keywords = KeywordPattern.TryParse(rule.Pattern ?? string.Empty, out var error);
            if (keywords is null)
            {
                Error(path + ".pattern", error!);
                continue;
            }

            var label = string.IsNullOrWhiteSpace(rule.Label) ? "seniority" : rule.Label.Trim();
            foreach (var keyword in keywords)
            {
                result.Add((keyword, new ScoreContribution("fit.jobTitle", ScoreCategory.Fit, rule.Points, $"Job title matches '{keyword}' ({label}): {Signed(rule.Points)}")));
            }
        }

        return new KeywordPattern(result);
    }

    private Dictionary<string, ScoreContribution> CompileDomains(DomainRule rule, string path, string what, Dictionary<string, ScoreContribution>? other)
    {
        var table = new Dictionary<string, ScoreContribution>(StringComparer.OrdinalIgnoreCase);
        if (rule.Points > 0)
        {
            Error(path + ".points", $"negative rules take points away: use zero or less, found {rule.Points}");
        }
        else
        {
            CheckPoints(rule.Points, path + ".points");
        }

        var domains = rule.Domains ?? [];
        var rulePrefix = path == "$.negative.freeMail" ? "negative.freeMail" : "negative.competitor";
        for (var j = 0; j < domains.Count; j++)
        {
            var itemPath = $"{path}.domains[{j}]";
            var domain = domains[j]?.Trim().ToLowerInvariant() ?? string.Empty;
            if (!IsDomain(domain))
            {
                Error(itemPath, $"'{domains[j]}' is not a domain name (like \"gmail.com\": no scheme, '@', path or spaces)");
            }
            else if (table.ContainsKey(domain))
            {
                Error(itemPath, $"domain {domain} is listed twice");
            }
            else if (other is not null && other.ContainsKey(domain))
            {
                Error(itemPath, $"domain {domain} is also a free-mail domain; list it in one place");
            }
            else
            {
                table[domain] = new ScoreContribution(rulePrefix, ScoreCategory.Fit, rule.Points, $"{what} {domain}: {Signed(rule.Points)}");
            }
        }

        if (rule.Points == 0)
        {
            table.Clear();
        }

        return table;
    }

    private static bool IsDomain(string domain)
    {
        if (domain.Length is < 3 or > 253 || domain[0] == '.' || domain[^1] == '.' || !domain.Contains('.', StringComparison.Ordinal)
            || domain.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in domain)
        {
            if (!(char.IsLetterOrDigit(c) || c is '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private (decimal, ScoreContribution)[] CompileBudget(IReadOnlyList<BudgetTier> tiers)
    {
        var result = new List<(decimal, ScoreContribution)>();
        var seen = new Dictionary<decimal, int>();
        for (var i = 0; i < tiers.Count; i++)
        {
            var path = $"$.qualification.budget[{i}]";
            var tier = tiers[i];
            CheckPoints(tier.Points, path + ".points");
            if (tier.AtLeast < 0)
            {
                Error(path + ".atLeast", "a budget threshold cannot be negative");
            }
            else if (seen.TryGetValue(tier.AtLeast, out var first))
            {
                Error(path + ".atLeast", $"threshold {tier.AtLeast.ToString(CultureInfo.InvariantCulture)} is already used at $.qualification.budget[{first}]");
            }
            else
            {
                seen[tier.AtLeast] = i;
                result.Add((tier.AtLeast, new ScoreContribution("qualification.budget", ScoreCategory.Qualification, tier.Points,
                    $"Budget of at least {tier.AtLeast.ToString("#,0.##", CultureInfo.InvariantCulture)}: {Signed(tier.Points)}")));
            }
        }

        result.Sort((x, y) => y.Item1.CompareTo(x.Item1));
        return [.. result];
    }

    private ScoreContribution?[] CompileNeed(IReadOnlyList<NeedRule> rules)
    {
        var levels = new ScoreContribution?[Enum.GetValues<NeedLevel>().Length];
        var seen = new int?[levels.Length];
        for (var i = 0; i < rules.Count; i++)
        {
            var path = $"$.qualification.need[{i}]";
            var rule = rules[i];
            CheckPoints(rule.Points, path + ".points");
            var index = (int)rule.Level;
            var name = JsonName(rule.Level.ToString());
            if (index < 0 || index >= levels.Length)
            {
                Error(path + ".level", $"unknown need level {rule.Level}");
            }
            else if (seen[index] is { } first)
            {
                Error(path + ".level", $"need level {name} is already scored at $.qualification.need[{first}]");
            }
            else
            {
                seen[index] = i;
                levels[index] = rule.Points == 0
                    ? null
                    : new ScoreContribution("qualification.need", ScoreCategory.Qualification, rule.Points, $"Need is {name}: {Signed(rule.Points)}");
            }
        }

        return levels;
    }

    private (int, ScoreContribution)[] CompileTimeline(IReadOnlyList<TimelineTier> tiers)
    {
        var result = new List<(int, ScoreContribution)>();
        var seen = new Dictionary<int, int>();
        for (var i = 0; i < tiers.Count; i++)
        {
            var path = $"$.qualification.timeline[{i}]";
            var tier = tiers[i];
            CheckPoints(tier.Points, path + ".points");
            if (tier.WithinMonths < 0)
            {
                Error(path + ".withinMonths", "months cannot be negative");
            }
            else if (seen.TryGetValue(tier.WithinMonths, out var first))
            {
                Error(path + ".withinMonths", $"{tier.WithinMonths} months is already used at $.qualification.timeline[{first}]");
            }
            else
            {
                seen[tier.WithinMonths] = i;
                var months = tier.WithinMonths == 1 ? "1 month" : $"{tier.WithinMonths} months";
                result.Add((tier.WithinMonths, new ScoreContribution("qualification.timeline", ScoreCategory.Qualification, tier.Points,
                    $"Buying within {months}: {Signed(tier.Points)}")));
            }
        }

        result.Sort((x, y) => x.Item1.CompareTo(y.Item1));
        return [.. result];
    }

    private ScoreContribution? Fixed(int? points, string path, string rule, string reason)
    {
        if (points is not { } p || !CheckPoints(p, path) || p == 0)
        {
            return null;
        }

        return new ScoreContribution(rule, ScoreCategory.Qualification, p, $"{reason}: {Signed(p)}");
    }

    private (EngagementRule[], Dictionary<string, int>, (UrlPattern, int)[]) CompileEngagement(EngagementSection engagement)
    {
        if (engagement.HalfLifeDays is { } halfLife && !(halfLife > 0 && double.IsFinite(halfLife)))
        {
            Error("$.engagement.halfLifeDays", $"the half-life must be more than 0 days, found {halfLife.ToString(CultureInfo.InvariantCulture)} (leave it out for no decay)");
        }

        var rules = new List<EngagementRule>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var actions = engagement.Actions ?? [];
        for (var i = 0; i < actions.Count; i++)
        {
            var path = $"$.engagement.actions[{i}]";
            var rule = actions[i];
            CheckPoints(rule.Points, path + ".points");
            CheckCap(rule.Cap, path + ".cap");
            if (!CustomerActionTypes.IsKnown(rule.Type))
            {
                Error(path + ".type", $"unknown action type '{rule.Type}'; known: {string.Join(", ", CustomerActionTypes.All.Order(StringComparer.Ordinal))}");
            }
            else if (index.TryGetValue(rule.Type, out var first))
            {
                Error(path + ".type", $"action type {rule.Type} is already scored at $.engagement.actions[{first}]");
            }
            else
            {
                index[rule.Type] = i;
                rules.Add(new EngagementRule("engagement." + rule.Type, rule.Type, rule.Points, rule.Cap));
            }
        }

        // Indexes above were positions in the document; the compiled rules are dense, so remap.
        var dense = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < rules.Count; r++)
        {
            dense[rules[r].Label] = r;
        }

        var pages = new List<(UrlPattern, int)>();
        var pageRules = engagement.Pages ?? [];
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < pageRules.Count; i++)
        {
            var path = $"$.engagement.pages[{i}]";
            var rule = pageRules[i];
            CheckPoints(rule.Points, path + ".points");
            CheckCap(rule.Cap, path + ".cap");
            if (rule.Name is not null && (string.IsNullOrWhiteSpace(rule.Name) || !names.Add(rule.Name.Trim())))
            {
                Error(path + ".name", string.IsNullOrWhiteSpace(rule.Name) ? "a name cannot be blank (leave it out to use the pattern)" : $"page rule name '{rule.Name}' is used twice");
            }

            UrlPattern? pattern = null;
            if (string.IsNullOrWhiteSpace(rule.Pattern))
            {
                Error(path + ".pattern", "required: a URL pattern such as \"*/pricing*\"");
            }
            else if (rule.Syntax == PatternSyntax.Regex)
            {
                pattern = UrlPattern.TryRegex(rule.Pattern, out var error);
                if (pattern is null)
                {
                    Error(path + ".pattern", error!);
                }
            }
            else
            {
                pattern = UrlPattern.Glob(rule.Pattern.Trim());
            }

            if (pattern is not null)
            {
                var label = string.IsNullOrWhiteSpace(rule.Name) ? rule.Pattern.Trim() : rule.Name.Trim();
                pages.Add((pattern, rules.Count));
                rules.Add(new EngagementRule("engagement.page." + label, $"page_visited matching '{label}'", rule.Points, rule.Cap));
            }
        }

        return ([.. rules], dense, [.. pages]);
    }

    private void CheckCap(int? cap, string path)
    {
        if (cap is { } c && c is <= 0 or > MaxCapPoints)
        {
            Error(path, $"a cap is the most points the rule may give, between 1 and {MaxCapPoints}; found {c}");
        }
    }

    private void CheckGrades(GradeThresholds? grades)
    {
        if (grades is null)
        {
            Error("$.grades", "required: grade thresholds, e.g. { \"a\": 70, \"b\": 45, \"c\": 20 }");
            return;
        }

        if (grades.B >= grades.A)
        {
            Error("$.grades.b", $"thresholds must be descending: b ({grades.B}) must be lower than a ({grades.A})");
        }

        if (grades.C >= grades.B)
        {
            Error("$.grades.c", $"thresholds must be descending: c ({grades.C}) must be lower than b ({grades.B})");
        }
    }

    private void CheckPrediction(PredictionSettings? prediction)
    {
        if (prediction is null)
        {
            return;
        }

        var c = CultureInfo.InvariantCulture;
        if (!(prediction.Weight >= 0 && prediction.Weight <= 1))
        {
            Error("$.prediction.weight", $"must be between 0 (rules only) and 1 (model only), found {prediction.Weight.ToString(c)}");
        }

        if (prediction.MinClosedLeads < 10)
        {
            Error("$.prediction.minClosedLeads", $"must be at least 10 closed leads, found {prediction.MinClosedLeads.ToString(c)}");
        }

        if (prediction.Scale <= 0)
        {
            Error("$.prediction.scale", $"must be more than 0 points, found {prediction.Scale.ToString(c)}");
        }
    }

    private double? CheckPriority(PrioritySettings? priority)
    {
        if (priority?.RecentEngagementDays is { } days && !(days > 0 && double.IsFinite(days)))
        {
            Error("$.priority.recentEngagementDays", $"must be more than 0 days, found {days.ToString(CultureInfo.InvariantCulture)} (leave it out to rank by grade only)");
            return null;
        }

        return priority?.RecentEngagementDays;
    }

    internal static string Signed(int points) =>
        points >= 0 ? "+" + points.ToString(CultureInfo.InvariantCulture) : points.ToString(CultureInfo.InvariantCulture);

    private static string JsonName(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static string BandName(CompanySizeBand band) => JsonName(band.ToString());

    private static string BandRange(CompanySizeBand band) => band switch
    {
        CompanySizeBand.Micro => "1-10 employees",
        CompanySizeBand.Small => "11-50 employees",
        CompanySizeBand.Medium => "51-200 employees",
        CompanySizeBand.Large => "201-1,000 employees",
        CompanySizeBand.Enterprise => "more than 1,000 employees",
        _ => "employee count not known",
    };

    // "$.fit.regions.EMEA" for plain names, "$.fit.regions['North America']" otherwise.
    private static string PropertyPath(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? "." + name
            : "['" + name.Replace("'", "\\'", StringComparison.Ordinal) + "']";
}
