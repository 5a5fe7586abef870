using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Scoring;
using static FunnelAutomation.Core.Tests.Scoring.ScoringTestData;

namespace FunnelAutomation.Core.Tests.Scoring;

public class LeadScorerTests
{
    private static ScoreContribution Single(LeadScore score, string rule) => Assert.Single(score.Breakdown, c => c.Rule == rule);

    [Fact]
    public void Industry_rule_contributes_its_points_with_a_reason()
    {
        var model = Build(fit: new FitSection { Industries = [new IndustryRule { Match = ["software", "saas"], Points = 15 }] });

        var score = Score(model, Profile(industry: " Software "));

        var line = Single(score, "fit.industry");
        Assert.Equal(15, line.Points);
        Assert.Equal(ScoreCategory.Fit, line.Category);
        Assert.Equal("Industry 'software' is a target industry: +15", line.Reason);
        Assert.Equal(15, score.Total);
    }

    [Fact]
    public void Unlisted_industry_contributes_nothing()
    {
        var model = Build(fit: new FitSection { Industries = [new IndustryRule { Match = ["software"], Points = 15 }] });

        var score = Score(model, Profile(industry: "mining"));

        Assert.Empty(score.Breakdown);
        Assert.Equal(0, score.Total);
    }

    [Theory]
    [InlineData(5000, 15, "Company size enterprise (more than 1,000 employees): +15")]
    [InlineData(120, 8, "Company size medium (51-200 employees): +8")]
    [InlineData(4, -5, "Company size micro (1-10 employees): -5")]
    public void Company_size_band_contributes(int employees, int points, string reason)
    {
        var model = Build(fit: new FitSection
        {
            CompanySizes =
            [
                new CompanySizeRule { Bands = [CompanySizeBand.Enterprise], Points = 15 },
                new CompanySizeRule { Bands = [CompanySizeBand.Medium, CompanySizeBand.Large], Points = 8 },
                new CompanySizeRule { Bands = [CompanySizeBand.Micro], Points = -5 },
            ],
        });

        var line = Single(Score(model, Profile(employees: employees)), "fit.companySize");

        Assert.Equal(points, line.Points);
        Assert.Equal(reason, line.Reason);
    }

    [Fact]
    public void Country_rules_match_countries_directly_and_through_regions_first_rule_winning()
    {
        var model = Build(fit: new FitSection
        {
            Regions = new Dictionary<string, IReadOnlyList<string>> { ["EMEA"] = ["DE", "FR", "GB"], ["APAC"] = ["CN", "JP"] },
            Geography =
            [
                new GeographyRule { Countries = ["de"], Points = 12 },
                new GeographyRule { Regions = ["EMEA"], Points = 8 },
                new GeographyRule { Regions = ["apac"], Points = 6 },
            ],
        });

        var germany = Single(Score(model, Profile(country: "DE")), "fit.geography");
        var france = Single(Score(model, Profile(country: "fr")), "fit.geography");
        var japan = Single(Score(model, Profile(country: "JP")), "fit.geography");

        Assert.Equal((12, "Country DE is a target country: +12"), (germany.Points, germany.Reason));
        Assert.Equal((8, "Country FR is in region EMEA: +8"), (france.Points, france.Reason));
        Assert.Equal((6, "Country JP is in region apac: +6"), (japan.Points, japan.Reason));
        Assert.Empty(Score(model, Profile(country: "BR")).Breakdown);
    }

    [Theory]
    [InlineData("Chief Revenue Officer", 20, "chief")]
    [InlineData("VP, Sales EMEA", 20, "vp")]
    [InlineData("Senior Vice   President Marketing", 20, "vice president")]
    [InlineData("head of procurement", 15, "head of")]
    [InlineData("Regional Sales Director", 15, "director")]
    public void Job_title_keywords_match_case_insensitively_on_word_boundaries(string title, int points, string keyword)
    {
        var model = Build(fit: new FitSection
        {
            JobTitles =
            [
                new JobTitleRule { Label = "executive", Pattern = "chief|ceo|cto|vp|vice president", Points = 20 },
                new JobTitleRule { Pattern = "head of|director", Points = 15 },
            ],
        });

        var line = Single(Score(model, Profile(title: title)), "fit.jobTitle");

        Assert.Equal(points, line.Points);
        Assert.Contains($"'{keyword}'", line.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MVP Program Coordinator")]
    [InlineData("Directorate assistant")]
    [InlineData("Chiefly an engineer")]
    [InlineData("")]
    public void Job_title_keywords_do_not_match_inside_words(string title)
    {
        var model = Build(fit: new FitSection
        {
            JobTitles = [new JobTitleRule { Pattern = "chief|vp|director", Points = 20 }],
        });

        Assert.Empty(Score(model, Profile(title: title)).Breakdown);
    }

    [Fact]
    public void Job_title_reason_names_keyword_and_label()
    {
        var model = Build(fit: new FitSection { JobTitles = [new JobTitleRule { Label = "executive", Pattern = "ceo", Points = 20 }] });

        Assert.Equal("Job title matches 'ceo' (executive): +20", Single(Score(model, Profile(title: "CEO")), "fit.jobTitle").Reason);
    }

    [Theory]
    [InlineData("li.wei@qq.com", "qq.com")]
    [InlineData("zhang@163.com", "163.com")]
    [InlineData("Someone@GMAIL.com", "gmail.com")]
    [InlineData("boss@vip.qq.com", "qq.com")]
    public void Free_mail_domains_take_points_away(string email, string domain)
    {
        var model = Build(negative: new NegativeSection { FreeMail = new DomainRule { Domains = ["gmail.com", "qq.com", "163.com"], Points = -10 } });

        var score = Score(model, Profile(email: email));

        var line = Single(score, "negative.freeMail");
        Assert.Equal(-10, line.Points);
        Assert.Equal($"Free-mail domain {domain}: -10", line.Reason);
        Assert.Equal(-10, score.Total);
    }

    [Fact]
    public void Company_domain_that_merely_ends_like_a_free_mail_domain_is_not_free_mail()
    {
        var model = Build(negative: new NegativeSection { FreeMail = new DomainRule { Domains = ["qq.com"], Points = -10 } });

        Assert.Empty(Score(model, Profile(email: "a@notqq.com")).Breakdown);
    }

    [Fact]
    public void Competitor_domain_matches_email_or_company_domain()
    {
        var model = Build(negative: new NegativeSection { Competitors = new DomainRule { Domains = ["rival.io"], Points = -50 } });

        var byEmail = Score(model, Profile(email: "spy@rival.io"));
        var byCompany = Score(model, Profile(email: "spy@gmail.com", companyDomain: "www.rival.io"));

        Assert.Equal("Competitor domain rival.io: -50", Single(byEmail, "negative.competitor").Reason);
        Assert.Equal(-50, byCompany.Total);
        Assert.Empty(Score(model, Profile(email: "jane@acme.example")).Breakdown);
    }

    [Fact]
    public void Qualification_rules_contribute_highest_budget_tier_and_tightest_timeline()
    {
        var model = Build(qualification: new QualificationSection
        {
            Budget = [new BudgetTier { AtLeast = 5000, Points = 4 }, new BudgetTier { AtLeast = 100000, Points = 15 }],
            DecisionMaker = 10,
            Need = [new NeedRule { Level = NeedLevel.High, Points = 10 }, new NeedRule { Level = NeedLevel.Low, Points = 1 }],
            Timeline = [new TimelineTier { WithinMonths = 12, Points = 2 }, new TimelineTier { WithinMonths = 3, Points = 10 }],
            CompetitorInvolved = -3,
        });
        var q = new Qualification { Budget = 250_000m, IsDecisionMaker = true, Need = NeedLevel.High, TimelineMonths = 2, CompetitorInvolved = true };

        var score = Score(model, Profile(qualification: q));

        Assert.Equal(
            [
                ("qualification.budget", 15, "Budget of at least 100,000: +15"),
                ("qualification.decisionMaker", 10, "Contact is a decision maker: +10"),
                ("qualification.need", 10, "Need is high: +10"),
                ("qualification.timeline", 10, "Buying within 3 months: +10"),
                ("qualification.competitorInvolved", -3, "Another vendor is being evaluated: -3"),
            ],
            score.Breakdown.Select(c => (c.Rule, c.Points, c.Reason)));
        Assert.All(score.Breakdown, c => Assert.Equal(ScoreCategory.Qualification, c.Category));
        Assert.Equal(42, score.Total);
    }

    [Fact]
    public void Qualification_lower_tiers_and_unknown_answers()
    {
        var model = Build(qualification: new QualificationSection
        {
            Budget = [new BudgetTier { AtLeast = 5000, Points = 4 }, new BudgetTier { AtLeast = 100000, Points = 15 }],
            DecisionMaker = 10,
            Timeline = [new TimelineTier { WithinMonths = 12, Points = 2 }, new TimelineTier { WithinMonths = 3, Points = 10 }],
        });

        var mid = Score(model, Profile(qualification: new Qualification { Budget = 6000m, TimelineMonths = 7, IsDecisionMaker = false }));
        var below = Score(model, Profile(qualification: new Qualification { Budget = 4999m, TimelineMonths = 13 }));

        Assert.Equal(6, mid.Total);
        Assert.Equal(["qualification.budget", "qualification.timeline"], mid.Breakdown.Select(c => c.Rule));
        Assert.Empty(below.Breakdown);
    }

    [Fact]
    public void Engagement_points_per_action_type_are_summed_into_one_line()
    {
        var model = Build(engagement: new EngagementSection
        {
            Actions = [new ActionRule { Type = "email_clicked", Points = 3 }, new ActionRule { Type = "form_submitted", Points = 10 }],
        });

        var score = Score(model, Profile(), Action("email_clicked"), Action("email_clicked"), Action("form_submitted"), Action("email_clicked"), Action("meeting_held"));

        Assert.Equal(
            [("engagement.email_clicked", 9, "3× email_clicked: +9"), ("engagement.form_submitted", 10, "1× form_submitted: +10")],
            score.Breakdown.Select(c => (c.Rule, c.Points, c.Reason)));
        Assert.All(score.Breakdown, c => Assert.Equal(ScoreCategory.Engagement, c.Category));
        Assert.Equal(19, score.Total);
    }

    [Fact]
    public void Decay_halves_points_after_one_half_life()
    {
        var model = Build(engagement: new EngagementSection { HalfLifeDays = 30, Actions = [new ActionRule { Type = "form_submitted", Points = 10 }] });

        Assert.Equal(10, Score(model, Profile(), Action("form_submitted", daysAgo: 0)).Total);
        Assert.Equal(5, Score(model, Profile(), Action("form_submitted", daysAgo: 30)).Total);
        var twoHalfLives = Score(model, Profile(), Action("form_submitted", daysAgo: 60), Action("form_submitted", daysAgo: 60));
        Assert.Equal(5, twoHalfLives.Total);
        Assert.Equal("2× form_submitted, decayed from +20: +5", twoHalfLives.Breakdown[0].Reason);
    }

    [Theory]
    [InlineData(7.0)]
    [InlineData(14.0)]
    [InlineData(30.0)]
    [InlineData(45.5)]
    [InlineData(90.0)]
    public void Decay_is_exact_at_whole_half_lives_so_halves_round_the_documented_way(double halfLife)
    {
        var model = Build(engagement: new EngagementSection { HalfLifeDays = halfLife, Actions = [new ActionRule { Type = "replied", Points = 3 }] });

        // 3 × 0.5 = 1.5 rounds half away from zero to 2; 3 × 0.25 = 0.75 rounds to 1.
        Assert.Equal(2, Score(model, Profile(), Action("replied", daysAgo: halfLife)).Total);
        Assert.Equal(1, Score(model, Profile(), Action("replied", daysAgo: 2 * halfLife)).Total);
    }

    [Fact]
    public void Decay_reason_matches_the_brief_example()
    {
        var model = Build(engagement: new EngagementSection { HalfLifeDays = 30, Actions = [new ActionRule { Type = "email_clicked", Points = 3 }] });

        // 3 + 3×0.5^(10/30) + 3×0.5^(40/30) = 3 + 2.381 + 1.191 = 6.57
        var score = Score(model, Profile(), Action("email_clicked"), Action("email_clicked", 10), Action("email_clicked", 40));

        Assert.Equal("3× email_clicked, decayed from +9: +7", Assert.Single(score.Breakdown).Reason);
    }

    [Fact]
    public void Without_half_life_points_do_not_decay_and_future_actions_count_as_now()
    {
        var model = Build(engagement: new EngagementSection { Actions = [new ActionRule { Type = "form_submitted", Points = 10 }] });

        Assert.Equal(10, Score(model, Profile(), Action("form_submitted", daysAgo: 400)).Total);
        var decaying = Build(engagement: new EngagementSection { HalfLifeDays = 30, Actions = [new ActionRule { Type = "form_submitted", Points = 10 }] });
        Assert.Equal(10, Score(decaying, Profile(), Action("form_submitted", daysAgo: -2)).Total);
    }

    [Fact]
    public void Cap_limits_points_per_action_type()
    {
        var model = Build(engagement: new EngagementSection
        {
            Actions = [new ActionRule { Type = "email_opened", Points = 1, Cap = 5 }, new ActionRule { Type = "email_bounced", Points = -5, Cap = 10 }],
        });
        var actions = Enumerable.Range(0, 12).Select(_ => Action("email_opened"))
            .Concat(Enumerable.Range(0, 3).Select(_ => Action("email_bounced"))).ToArray();

        var score = Score(model, Profile(), actions);

        Assert.Equal(
            [("engagement.email_opened", 5, "12× email_opened, capped at 5: +5"), ("engagement.email_bounced", -10, "3× email_bounced, capped at 10: -10")],
            score.Breakdown.Select(c => (c.Rule, c.Points, c.Reason)));
        Assert.Equal(-5, score.Total);
    }

    [Fact]
    public void Page_visits_score_with_the_first_matching_page_rule_else_the_plain_page_rule()
    {
        var model = Build(engagement: new EngagementSection
        {
            Actions = [new ActionRule { Type = "page_visited", Points = 1 }],
            Pages =
            [
                new PageRule { Name = "pricing", Pattern = "*/pricing*", Points = 10 },
                new PageRule { Pattern = @"/docs/v\d+/", Syntax = PatternSyntax.Regex, Points = 2 },
            ],
        });

        var score = Score(
            model,
            Profile(),
            Action("page_visited", url: "https://acme.example/Pricing?plan=team"),
            Action("page_visited", url: "https://acme.example/docs/v2/intro"),
            Action("page_visited", url: "https://acme.example/blog"),
            Action("page_visited"));

        Assert.Equal(
            [
                ("engagement.page_visited", 2, "2× page_visited: +2"),
                ("engagement.page.pricing", 10, "1× page_visited matching 'pricing': +10"),
                (@"engagement.page./docs/v\d+/", 2, @"1× page_visited matching '/docs/v\d+/': +2"),
            ],
            score.Breakdown.Select(c => (c.Rule, c.Points, c.Reason)));
    }

    [Fact]
    public void The_same_action_delivered_twice_counts_once()
    {
        var model = Build(engagement: new EngagementSection { Actions = [new ActionRule { Type = "form_submitted", Points = 10 }] });
        var once = Action("form_submitted", id: "a-1");

        Assert.Equal(10, Score(model, Profile(), once, once with { }).Total);
        var many = Enumerable.Range(0, 20).Select(i => Action("form_submitted", id: "b-" + (i % 4))).ToArray();
        Assert.Equal(40, Score(model, Profile(), many).Total);
    }

    [Theory]
    [InlineData(70, Grade.A)]
    [InlineData(69, Grade.B)]
    [InlineData(45, Grade.B)]
    [InlineData(44, Grade.C)]
    [InlineData(20, Grade.C)]
    [InlineData(19, Grade.D)]
    [InlineData(-30, Grade.D)]
    public void Grade_thresholds_are_inclusive_lower_bounds(int total, Grade grade)
    {
        var model = Build(engagement: new EngagementSection { Actions = [new ActionRule { Type = "email_opened", Points = 1 }, new ActionRule { Type = "unsubscribed", Points = -1 }] });
        var type = total >= 0 ? "email_opened" : "unsubscribed";
        var actions = Enumerable.Range(0, Math.Abs(total)).Select(_ => Action(type)).ToArray();

        var score = Score(model, Profile(), actions);

        Assert.Equal(total, score.Total);
        Assert.Equal(grade, score.Grade);
        Assert.Equal(grade, model.GradeFor(total));
    }

    [Theory]
    [InlineData(Grade.A, false, Priority.High)]
    [InlineData(Grade.B, false, Priority.Medium)]
    [InlineData(Grade.B, true, Priority.High)]
    [InlineData(Grade.C, false, Priority.Low)]
    [InlineData(Grade.C, true, Priority.Medium)]
    [InlineData(Grade.D, true, Priority.Low)]
    public void Priority_follows_grade_and_recent_engagement_promotes_one_level(Grade grade, bool recent, Priority expected)
    {
        var model = Build(priority: new PrioritySettings { RecentEngagementDays = 7 });

        Assert.Equal(expected, model.PriorityFor(grade, recent));
    }

    [Fact]
    public void Recent_positive_engagement_promotes_a_b_lead_and_old_engagement_does_not()
    {
        var model = Build(
            fit: new FitSection { Industries = [new IndustryRule { Match = ["software"], Points = 50 }] },
            engagement: new EngagementSection { Actions = [new ActionRule { Type = "email_opened", Points = 1 }, new ActionRule { Type = "unsubscribed", Points = -1 }] },
            priority: new PrioritySettings { RecentEngagementDays = 7 });
        var lead = Profile(industry: "software");

        var recent = Score(model, lead, Action("email_opened", daysAgo: 2));
        var old = Score(model, lead, Action("email_opened", daysAgo: 8));
        var negativeOnly = Score(model, lead, Action("unsubscribed", daysAgo: 1), Action("email_opened", daysAgo: 30));

        Assert.Equal((Grade.B, Priority.High), (recent.Grade, recent.Priority));
        Assert.Equal((Grade.B, Priority.Medium), (old.Grade, old.Priority));
        Assert.Equal((Grade.B, Priority.Medium), (negativeOnly.Grade, negativeOnly.Priority));
    }

    [Fact]
    public void Without_priority_settings_recent_engagement_does_not_promote()
    {
        var model = Build(
            fit: new FitSection { Industries = [new IndustryRule { Match = ["software"], Points = 50 }] },
            engagement: new EngagementSection { Actions = [new ActionRule { Type = "email_opened", Points = 1 }] });

        var score = Score(model, Profile(industry: "software"), Action("email_opened"));

        Assert.Equal((Grade.B, Priority.Medium), (score.Grade, score.Priority));
    }

    [Fact]
    public void Sample_model_scores_a_hot_enterprise_lead_with_a_full_explanation()
    {
        var profile = Profile(
            email: "m.schmidt@bigcorp.example",
            industry: "Manufacturing",
            employees: 4200,
            country: "DE",
            title: "VP Operations",
            qualification: new Qualification { Budget = 150_000m, IsDecisionMaker = true, Need = NeedLevel.High, TimelineMonths = 3 });

        var score = new LeadScorer(Sample).Score(
            profile,
            [Action("page_visited", 1, "https://funnel.example/pricing"), Action("email_clicked", 2), Action("webinar_attended", 30)],
            Now);

        Assert.Equal("b2b-default@2026-11", score.ModelVersion);
        Assert.Equal(score.Breakdown.Sum(c => c.Points), score.Total);
        Assert.Contains(score.Breakdown, c => c.Reason == "Industry 'manufacturing' is a target industry: +12");
        Assert.Contains(score.Breakdown, c => c.Reason == "Country DE is a target country: +12");
        Assert.Contains(score.Breakdown, c => c.Reason == "Job title matches 'vp' (executive): +20");
        Assert.Contains(score.Breakdown, c => c.Rule == "engagement.page.pricing" && c.Points == 10);
        Assert.Contains(score.Breakdown, c => c.Reason == "1× webinar_attended, decayed from +8: +4");
        Assert.Equal((Grade.A, Priority.High), (score.Grade, score.Priority));
    }

    [Fact]
    public void Sample_model_marks_a_chinese_free_mail_student_down()
    {
        var score = new LeadScorer(Sample).Score(Profile(email: "xiaoming@126.com", title: "Student", country: "CN"), [], Now);

        Assert.Contains(score.Breakdown, c => c.Reason == "Free-mail domain 126.com: -10");
        Assert.Contains(score.Breakdown, c => c.Reason == "Job title matches 'student' (not a buyer): -10");
        Assert.Equal(-8, score.Total);
        Assert.Equal((Grade.D, Priority.Low), (score.Grade, score.Priority));
    }

    [Fact]
    public void Scoring_is_deterministic()
    {
        var profile = Profile(email: "a@gmail.com", industry: "software", employees: 300, country: "JP", title: "Head of IT",
            qualification: new Qualification { Budget = 30_000m, Need = NeedLevel.Medium });
        var actions = new[] { Action("email_opened", 3.3), Action("page_visited", 12.7, "https://x.example/demo"), Action("form_submitted", 45.1) };
        var scorer = new LeadScorer(Sample);

        var first = scorer.Score(profile, actions, Now);
        var second = new LeadScorer(ScoringModel.Load(SampleJson).Value).Score(profile with { }, actions.ToList(), Now);

        Assert.Equal((first.Total, first.Grade, first.Priority, first.ModelVersion), (second.Total, second.Grade, second.Priority, second.ModelVersion));
        Assert.Equal(first.Breakdown, second.Breakdown);
    }
}
