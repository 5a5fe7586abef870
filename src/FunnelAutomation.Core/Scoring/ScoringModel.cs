using System.Collections.Frozen;
using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Configuration;

namespace FunnelAutomation.Core.Scoring;

/// <summary>A validated scoring model, compiled for scoring: every rule's lookup table, matcher and
/// explanation is built here once, so <see cref="LeadScorer.Score"/> only looks things up.</summary>
public sealed class ScoringModel
{
    internal ScoringModel(ScoringModelDocument document)
    {
        Document = document;
        Id = document.Id;
        Version = document.Version;
        ModelVersion = document.Id + "@" + document.Version;
        GradeA = document.Grades?.A ?? 0;
        GradeB = document.Grades?.B ?? 0;
        GradeC = document.Grades?.C ?? 0;
    }

    public string Id { get; }

    public string Version { get; }

    /// <summary>"id@version", stamped on every <see cref="LeadScore"/>.</summary>
    public string ModelVersion { get; }

    /// <summary>The document the model was built from (for display and round-tripping).</summary>
    public ScoringModelDocument Document { get; }

    /// <summary>Minimum total for grade A (likewise <see cref="GradeB"/>, <see cref="GradeC"/>; below C is D).</summary>
    public int GradeA { get; }

    public int GradeB { get; }

    public int GradeC { get; }

    internal FrozenDictionary<string, ScoreContribution>.AlternateLookup<ReadOnlySpan<char>> Industries { get; init; }

    /// <summary>Indexed by <see cref="Leads.CompanySizeBand"/> value; null where the band scores nothing.</summary>
    internal ScoreContribution?[] SizeBands { get; init; } = [];

    internal FrozenDictionary<string, ScoreContribution>.AlternateLookup<ReadOnlySpan<char>> Countries { get; init; }

    /// <summary>Title keywords in rule order then keyword order: the earliest hit wins.</summary>
    internal KeywordPattern TitleKeywords { get; init; } = KeywordPattern.Empty;

    internal DomainTable FreeMail { get; init; } = null!;

    internal DomainTable Competitors { get; init; } = null!;

    /// <summary>Highest threshold first.</summary>
    internal (decimal AtLeast, ScoreContribution Contribution)[] BudgetTiers { get; init; } = [];

    internal ScoreContribution? DecisionMaker { get; init; }

    /// <summary>Indexed by <see cref="Leads.NeedLevel"/> value.</summary>
    internal ScoreContribution?[] NeedLevels { get; init; } = [];

    /// <summary>Tightest (smallest) window first.</summary>
    internal (int WithinMonths, ScoreContribution Contribution)[] TimelineTiers { get; init; } = [];

    internal ScoreContribution? CompetitorInvolved { get; init; }

    /// <summary>Action rules (config order) followed by page rules (config order).</summary>
    internal EngagementRule[] EngagementRules { get; init; } = [];

    internal FrozenDictionary<string, int> ActionRuleIndex { get; init; } = FrozenDictionary<string, int>.Empty;

    /// <summary>Index of the plain page_visited rule, or -1.</summary>
    internal int PageVisitedRuleIndex { get; init; } = -1;

    internal (UrlPattern Pattern, int RuleIndex)[] PageRules { get; init; } = [];

    /// <summary>−ln 2 / half-life (per day), or 0 for no decay.</summary>
    internal double DecayPerDay { get; init; }

    internal double? RecentEngagementDays { get; init; }

    /// <summary>Parses, validates and compiles a scoring document. Syntax, type and unknown-field errors
    /// come from <see cref="ConfigJson.Parse{T}"/>; every rule error is listed with its JSON path.</summary>
    public static Result<ScoringModel> Load(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var parsed = ConfigJson.Parse<ScoringModelDocument>(json, DocumentKinds.Scoring);
        return parsed.IsSuccess ? FromDocument(parsed.Value) : Result<ScoringModel>.Failure(parsed.Errors);
    }

    /// <summary>Validates and compiles a document built in code (or already parsed).</summary>
    public static Result<ScoringModel> FromDocument(ScoringModelDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return ScoringModelCompiler.Compile(document);
    }

    /// <summary>The grade for a total under this model's thresholds.</summary>
    public Grade GradeFor(int total) =>
        total >= GradeA ? Grade.A : total >= GradeB ? Grade.B : total >= GradeC ? Grade.C : Grade.D;

    /// <summary>The priority for a grade; <paramref name="recentlyEngaged"/> promotes B and C one level when the
    /// model has <see cref="PrioritySettings.RecentEngagementDays"/> (see <see cref="PrioritySettings"/>).</summary>
    public Priority PriorityFor(Grade grade, bool recentlyEngaged)
    {
        var promote = recentlyEngaged && RecentEngagementDays is not null;
        return grade switch
        {
            Grade.A => Priority.High,
            Grade.B => promote ? Priority.High : Priority.Medium,
            Grade.C => promote ? Priority.Medium : Priority.Low,
            _ => Priority.Low,
        };
    }
}

/// <summary>A compiled engagement rule: an action type or a page pattern.</summary>
internal sealed record EngagementRule(string Rule, string Label, double Points, int? Cap);
