using FunnelAutomation.Core.Configuration;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Core.Scoring;

/// <summary>The scoring model as a marketer writes it (kind "scoring", schemaVersion 1). This is only the
/// shape of the JSON; <see cref="ScoringModel.Load"/> validates it and compiles it for fast scoring.
/// Rule semantics (first match wins, tiers, decay, caps, grades, priority) are documented on each part.</summary>
public sealed class ScoringModelDocument
{
    public string Kind { get; init; } = DocumentKinds.Scoring;

    public int SchemaVersion { get; init; } = ConfigJson.CurrentSchemaVersion;

    /// <summary>Model id: lower-case letters, digits, '.', '_' and '-' ("b2b-default").</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>Version label ("2026-11"); with the id it is stamped on every score.</summary>
    public string Version { get; init; } = string.Empty;

    public string? Description { get; init; }

    public FitSection Fit { get; init; } = new();

    public NegativeSection Negative { get; init; } = new();

    public QualificationSection Qualification { get; init; } = new();

    public EngagementSection Engagement { get; init; } = new();

    /// <summary>Required: total at or above <c>a</c> is grade A, else at or above <c>b</c> is B, else at or
    /// above <c>c</c> is C, else D.</summary>
    public GradeThresholds? Grades { get; init; }

    public PrioritySettings? Priority { get; init; }

    /// <summary>Optional: how the win model's probability mixes with the rule score (see <see cref="PredictionSettings"/>).</summary>
    public PredictionSettings? Prediction { get; init; }
}

/// <summary>Blending the win model into the score. When an active model was trained on at least
/// <see cref="MinClosedLeads"/> closed leads, total = round((1 − weight) × rule total + weight × probability ×
/// <see cref="Scale"/>): the probability is put on the rule score's scale by <see cref="Scale"/>, the points a
/// certain win is worth (default 100, so a 70% probability counts like 70 rule points, grade A in the sample).
/// Otherwise only the rules count. Grades and priority follow the blended total.</summary>
public sealed class PredictionSettings
{
    /// <summary>0 (rules only) … 1 (model only).</summary>
    public double Weight { get; init; }

    /// <summary>Fewest closed leads a model must have been trained on before it counts (at least 10).</summary>
    public int MinClosedLeads { get; init; } = 200;

    public int Scale { get; init; } = 100;
}

/// <summary>Who the lead is. Within each list the first matching rule wins, so put specific rules first.</summary>
public sealed class FitSection
{
    /// <summary>Industries (case-insensitive, exact after trimming). An industry may be listed only once.</summary>
    public IReadOnlyList<IndustryRule> Industries { get; init; } = [];

    /// <summary>Company size bands (see <see cref="CompanySizeBand"/>). A band may be listed only once.</summary>
    public IReadOnlyList<CompanySizeRule> CompanySizes { get; init; } = [];

    /// <summary>Named country lists ("EMEA": ["DE", "FR", …]) that geography rules refer to.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Regions { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Country or region rules; the first rule that covers the lead's country wins.</summary>
    public IReadOnlyList<GeographyRule> Geography { get; init; } = [];

    /// <summary>Job-title seniority rules; the first rule (in this order) with a keyword in the title wins.</summary>
    public IReadOnlyList<JobTitleRule> JobTitles { get; init; } = [];
}

public sealed class IndustryRule
{
    public IReadOnlyList<string> Match { get; init; } = [];

    public int Points { get; init; }
}

public sealed class CompanySizeRule
{
    public IReadOnlyList<CompanySizeBand> Bands { get; init; } = [];

    public int Points { get; init; }
}

public sealed class GeographyRule
{
    /// <summary>ISO 3166-1 alpha-2 codes ("DE"), case-insensitive.</summary>
    public IReadOnlyList<string> Countries { get; init; } = [];

    /// <summary>Names of regions defined in <see cref="FitSection.Regions"/>.</summary>
    public IReadOnlyList<string> Regions { get; init; } = [];

    public int Points { get; init; }
}

/// <summary>Keywords separated by '|' ("chief|ceo|vp|vice president|head of"). Each keyword is plain text
/// (not a regular expression). Title and keyword are read as words (runs of letters and digits; anything else
/// separates them); a keyword matches when its words appear consecutively in the title, case-insensitively:
/// "vp" matches "VP, Sales" but not "MVP"; "vice president" matches "Vice-President".</summary>
public sealed class JobTitleRule
{
    public string Pattern { get; init; } = string.Empty;

    /// <summary>Words for the explanation ("executive"); defaults to the pattern.</summary>
    public string? Label { get; init; }

    public int Points { get; init; }
}

/// <summary>Signals that a lead is not a real prospect. Points must be zero or negative.</summary>
public sealed class NegativeSection
{
    /// <summary>Matched against the email's domain (and its parent domains: "vip.qq.com" matches "qq.com").</summary>
    public DomainRule FreeMail { get; init; } = new();

    /// <summary>Matched against the email's domain and the company domain (and their parent domains).</summary>
    public DomainRule Competitors { get; init; } = new();
}

public sealed class DomainRule
{
    public IReadOnlyList<string> Domains { get; init; } = [];

    public int Points { get; init; }
}

/// <summary>BANT/MANCOC answers (see <see cref="Leads.Qualification"/>). Unknown answers score nothing.</summary>
public sealed class QualificationSection
{
    /// <summary>Budget tiers; only the highest tier the budget reaches counts.</summary>
    public IReadOnlyList<BudgetTier> Budget { get; init; } = [];

    /// <summary>Points when the contact is a decision maker.</summary>
    public int? DecisionMaker { get; init; }

    public IReadOnlyList<NeedRule> Need { get; init; } = [];

    /// <summary>Timeline tiers; only the tightest tier the timeline fits in (months &lt;= withinMonths) counts.</summary>
    public IReadOnlyList<TimelineTier> Timeline { get; init; } = [];

    /// <summary>Points (usually negative) when another vendor is being evaluated.</summary>
    public int? CompetitorInvolved { get; init; }
}

public sealed class BudgetTier
{
    public decimal AtLeast { get; init; }

    public int Points { get; init; }
}

public sealed class NeedRule
{
    public NeedLevel Level { get; init; }

    public int Points { get; init; }
}

public sealed class TimelineTier
{
    public int WithinMonths { get; init; }

    public int Points { get; init; }
}

/// <summary>What the lead did. Each action scores <c>points × 0.5^(ageDays / halfLifeDays)</c> (no decay when
/// <see cref="HalfLifeDays"/> is absent; actions dated after <c>now</c> count as age 0). Points are summed per
/// rule, the sum is capped, then rounded (half away from zero). An action id counted once (idempotency).</summary>
public sealed class EngagementSection
{
    public double? HalfLifeDays { get; init; }

    /// <summary>Points per customer action type (<see cref="Actions.CustomerActionTypes"/>); each type once.</summary>
    public IReadOnlyList<ActionRule> Actions { get; init; } = [];

    /// <summary>Page-visit rules: a <c>page_visited</c> action with a URL scores with the first page rule whose
    /// pattern matches, instead of the plain <c>page_visited</c> action rule.</summary>
    public IReadOnlyList<PageRule> Pages { get; init; } = [];
}

public sealed class ActionRule
{
    public string Type { get; init; } = string.Empty;

    public int Points { get; init; }

    /// <summary>Most points (in absolute value) this rule may contribute in total.</summary>
    public int? Cap { get; init; }
}

/// <summary>A URL pattern. Glob (default): '*' matches any run of characters, everything else is literal,
/// the whole URL must match, case-insensitive ("*/pricing*"). Regex: .NET syntax, case-insensitive, found
/// anywhere in the URL unless anchored; run by the non-backtracking engine (linear time), so
/// backreferences and lookarounds are refused.</summary>
public sealed class PageRule
{
    public string? Name { get; init; }

    public string Pattern { get; init; } = string.Empty;

    public PatternSyntax Syntax { get; init; } = PatternSyntax.Glob;

    public int Points { get; init; }

    public int? Cap { get; init; }
}

public enum PatternSyntax
{
    Glob = 0,
    Regex,
}

/// <summary>Minimum totals for grades A, B and C; they must be strictly descending.</summary>
public sealed class GradeThresholds
{
    public int A { get; init; }

    public int B { get; init; }

    public int C { get; init; }
}

/// <summary>Priority follows the grade (A high, B medium, C and D low). When
/// <see cref="RecentEngagementDays"/> is set, a B or C lead with a positive-scoring action in that many
/// days is promoted one level (B to high, C to medium): warm leads are called first. D stays low.</summary>
public sealed class PrioritySettings
{
    public double? RecentEngagementDays { get; init; }
}
