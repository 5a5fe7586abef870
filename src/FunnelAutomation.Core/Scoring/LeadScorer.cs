using System.Globalization;
using System.Runtime.CompilerServices;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Core.Scoring;

/// <summary>Scores leads with one compiled <see cref="ScoringModel"/>. Pure and deterministic: the result
/// depends only on the model, the profile, the actions and <c>now</c>. Thread-safe (no mutable state).
/// Fit and qualification explanations are precomputed by the model, so only engagement lines allocate.</summary>
public sealed class LeadScorer
{
    private const int StackRules = 64;
    private const int LinearDedupeLimit = 16;

    private readonly ScoringModel _model;

    public LeadScorer(ScoringModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
    }

    public ScoringModel Model => _model;

    /// <summary>Scores a lead. The breakdown lists, in order (fit, negative, qualification, engagement), every
    /// rule that gave non-zero points; the total is the sum of the breakdown (each line rounded half away
    /// from zero). Actions sharing an id count once; actions dated after <paramref name="now"/> count as
    /// age 0 (clock skew must not drop them).</summary>
    public LeadScore Score(LeadProfile profile, IReadOnlyList<CustomerAction> actions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(actions);
        var model = _model;
        var breakdown = new List<ScoreContribution>(8 + Math.Min(actions.Count, model.EngagementRules.Length));
        var total = 0;

        total += ScoreFit(model, profile, breakdown);
        total += ScoreQualification(model, profile.Qualification ?? Qualification.None, breakdown);
        total += ScoreEngagement(model, actions, now, breakdown, out var recentlyEngaged);

        var grade = model.GradeFor(total);
        return new LeadScore(total, grade, model.PriorityFor(grade, recentlyEngaged), breakdown, model.ModelVersion)
        {
            RecentlyEngaged = recentlyEngaged,
        };
    }

    /// <summary>Scores by the rules, then blends in the win model when the document has a <c>prediction</c>
    /// section and <paramref name="winModel"/> was trained on at least its <c>minClosedLeads</c>; otherwise the
    /// rule score as is. <paramref name="facts"/> are the lead's stored facts (its actions should be
    /// <paramref name="actions"/>).</summary>
    public LeadScore Score(LeadProfile profile, IReadOnlyList<CustomerAction> actions, DateTimeOffset now, Learning.WinModel? winModel, Learning.WinFacts facts)
    {
        var score = Score(profile, actions, now);
        return winModel is null ? score : Blend(score, winModel, facts, now);
    }

    /// <summary>Blends a rule score with the win model's prediction for the lead (see <see cref="PredictionSettings"/>).
    /// The adjustment is one breakdown line (category Prediction), so the total stays the sum of the breakdown.</summary>
    public LeadScore Blend(LeadScore ruleScore, Learning.WinModel winModel, Learning.WinFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ruleScore);
        ArgumentNullException.ThrowIfNull(winModel);
        var settings = _model.Document.Prediction;
        if (settings is null || settings.Weight <= 0 || winModel.ClosedLeads < settings.MinClosedLeads)
        {
            return ruleScore;
        }

        var prediction = winModel.Predict(facts, now);
        var w = settings.Weight;
        var blended = (int)Math.Round((1 - w) * ruleScore.Total + w * prediction.Probability * settings.Scale, MidpointRounding.AwayFromZero);
        var adjustment = blended - ruleScore.Total;
        var breakdown = new List<ScoreContribution>(ruleScore.Breakdown.Count + 1);
        breakdown.AddRange(ruleScore.Breakdown);
        if (adjustment != 0)
        {
            breakdown.Add(new ScoreContribution(
            "prediction",
            ScoreCategory.Prediction,
            adjustment,
            string.Create(CultureInfo.InvariantCulture,
                $"Win probability {prediction.Probability:P0} (model {winModel.Version}) blended at weight {w:0.##}: {ScoringModelCompiler.Signed(adjustment)}")));
        }

        var grade = _model.GradeFor(blended);
        return ruleScore with
        {
            Total = blended,
            Grade = grade,
            Priority = _model.PriorityFor(grade, ruleScore.RecentlyEngaged),
            Breakdown = breakdown,
            Prediction = new ScorePrediction(ruleScore.Total, prediction.Probability, winModel.Version, w, prediction.TopContributions),
        };
    }

    private static int Add(List<ScoreContribution> breakdown, ScoreContribution? contribution)
    {
        if (contribution is null || contribution.Points == 0)
        {
            return 0;
        }

        breakdown.Add(contribution);
        return contribution.Points;
    }

    private static int ScoreFit(ScoringModel model, LeadProfile profile, List<ScoreContribution> breakdown)
    {
        var total = 0;
        if (profile.Industry is { } industry && model.Industries.TryGetValue(industry.AsSpan().Trim(), out var byIndustry))
        {
            total += Add(breakdown, byIndustry);
        }

        var band = (int)profile.SizeBand;
        if ((uint)band < (uint)model.SizeBands.Length)
        {
            total += Add(breakdown, model.SizeBands[band]);
        }

        if (profile.Country is { } country && model.Countries.TryGetValue(country.AsSpan().Trim(), out var byCountry))
        {
            total += Add(breakdown, byCountry);
        }

        if (profile.JobTitle is { Length: > 0 } title)
        {
            total += Add(breakdown, model.TitleKeywords.Find(title));
        }

        var emailDomain = DomainOf(profile.Email);
        total += Add(breakdown, model.FreeMail.Find(emailDomain));
        if (model.Competitors.Count > 0)
        {
            var competitor = model.Competitors.Find(emailDomain);
            if (competitor is null && profile.CompanyDomain is { } companyDomain)
            {
                competitor = model.Competitors.Find(companyDomain.AsSpan().Trim());
            }

            total += Add(breakdown, competitor);
        }

        return total;
    }

    private static ReadOnlySpan<char> DomainOf(string? email)
    {
        var span = email.AsSpan().Trim();
        var at = span.LastIndexOf('@');
        return at < 0 ? default : span[(at + 1)..];
    }

    private static int ScoreQualification(ScoringModel model, Qualification q, List<ScoreContribution> breakdown)
    {
        var total = 0;
        if (q.Budget is { } budget)
        {
            foreach (var (atLeast, contribution) in model.BudgetTiers)
            {
                if (budget >= atLeast)
                {
                    total += Add(breakdown, contribution);
                    break;
                }
            }
        }

        if (q.IsDecisionMaker == true)
        {
            total += Add(breakdown, model.DecisionMaker);
        }

        if (q.Need is { } need && (uint)need < (uint)model.NeedLevels.Length)
        {
            total += Add(breakdown, model.NeedLevels[(int)need]);
        }

        if (q.TimelineMonths is { } months)
        {
            foreach (var (within, contribution) in model.TimelineTiers)
            {
                if (months <= within)
                {
                    total += Add(breakdown, contribution);
                    break;
                }
            }
        }

        if (q.CompetitorInvolved == true)
        {
            total += Add(breakdown, model.CompetitorInvolved);
        }

        return total;
    }

    private static int ScoreEngagement(
        ScoringModel model,
        IReadOnlyList<CustomerAction> actions,
        DateTimeOffset now,
        List<ScoreContribution> breakdown,
        out bool recentlyEngaged)
    {
        recentlyEngaged = false;
        var rules = model.EngagementRules;
        if (rules.Length == 0 || actions.Count == 0)
        {
            return 0;
        }

        var n = rules.Length;
        Span<double> decayed = n <= StackRules ? stackalloc double[StackRules] : new double[n];
        Span<int> counts = n <= StackRules ? stackalloc int[StackRules] : new int[n];
        decayed = decayed[..n];
        counts = counts[..n];
        decayed.Clear();
        counts.Clear();

        var decayPerDay = model.DecayPerDay;
        var recentDays = model.RecentEngagementDays;
        HashSet<string>? seen = actions.Count > LinearDedupeLimit ? new HashSet<string>(StringComparer.Ordinal) : null;
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            var rule = RuleFor(model, action);
            if (rule < 0 || IsRepeat(actions, i, seen))
            {
                continue;
            }

            var ageDays = Math.Max(0d, (now - action.OccurredAt).TotalDays);
            var points = rules[rule].Points;
            // points × 0.5^(age / halfLife), as exp(age × −ln2 / halfLife): exact at whole half-lives, twice as fast as Pow.
            decayed[rule] += decayPerDay != 0 && ageDays > 0 ? points * Math.Exp(ageDays * decayPerDay) : points;
            counts[rule]++;
            if (points > 0 && recentDays is { } recent && ageDays <= recent)
            {
                recentlyEngaged = true;
            }
        }

        var total = 0;
        for (var r = 0; r < n; r++)
        {
            if (counts[r] == 0)
            {
                continue;
            }

            var rule = rules[r];
            var value = decayed[r];
            var capped = false;
            if (rule.Cap is { } cap && Math.Abs(value) > cap)
            {
                value = Math.CopySign(cap, value);
                capped = true;
            }

            var points = (int)Math.Round(value, MidpointRounding.AwayFromZero);
            if (points == 0)
            {
                continue;
            }

            var undecayed = rule.Points * counts[r];
            breakdown.Add(new ScoreContribution(rule.Rule, ScoreCategory.Engagement, points, Explain(rule, counts[r], undecayed, decayed[r], capped, points)));
            total += points;
        }

        return total;
    }

    private static int RuleFor(ScoringModel model, CustomerAction action)
    {
        var type = action.Type;
        if (type is null)
        {
            return -1;
        }

        if (action.Url is { } url && model.PageRules.Length > 0 && string.Equals(type, CustomerActionTypes.PageVisited, StringComparison.Ordinal))
        {
            foreach (var (pattern, index) in model.PageRules)
            {
                if (pattern.IsMatch(url))
                {
                    return index;
                }
            }

            return model.PageVisitedRuleIndex;
        }

        return model.ActionRuleIndex.TryGetValue(type, out var rule) ? rule : -1;
    }

    // The same action delivered twice (same id) has one effect.
    private static bool IsRepeat(IReadOnlyList<CustomerAction> actions, int i, HashSet<string>? seen)
    {
        var id = actions[i].Id;
        if (seen is not null)
        {
            return id is not null && !seen.Add(id);
        }

        for (var j = 0; j < i; j++)
        {
            if (string.Equals(actions[j].Id, id, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // One string per engagement line, built on the stack (the breakdown is the only allocation we keep).
    private static string Explain(EngagementRule rule, int count, double undecayed, double decayed, bool capped, int points)
    {
        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[160]);
        text.AppendFormatted(count);
        text.AppendLiteral("× ");
        text.AppendLiteral(rule.Label);
        var undecayedPoints = (int)Math.Round(undecayed, MidpointRounding.AwayFromZero);
        if ((int)Math.Round(decayed, MidpointRounding.AwayFromZero) != undecayedPoints)
        {
            text.AppendLiteral(", decayed from ");
            AppendSigned(ref text, undecayedPoints);
        }

        if (capped)
        {
            text.AppendLiteral(", capped at ");
            text.AppendFormatted(rule.Cap!.Value);
        }

        text.AppendLiteral(": ");
        AppendSigned(ref text, points);
        return text.ToStringAndClear();
    }

    private static void AppendSigned(ref DefaultInterpolatedStringHandler text, int points)
    {
        if (points >= 0)
        {
            text.AppendLiteral("+");
        }

        text.AppendFormatted(points);
    }
}
