using System.Collections.Immutable;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Routing;
using FunnelAutomation.Core.Scoring;
using static FunnelAutomation.Core.Tests.Routing.RoutingTestData;

namespace FunnelAutomation.Core.Tests.Routing;

public class LeadRouterTests
{
    private static RoutingState Owned(string domain, string repId) => RoutingState.Empty.WithAccountOwner(domain, repId);

    // ---- 1. account owner ----

    [Fact]
    public void Existing_account_owner_gets_the_lead_before_any_rule()
    {
        var router = Router(SingleRule(ownership: true), Rep("r1"), Rep("r2"));

        var decision = router.Route(Lead(email: "bob@acme.com"), Grade.B, Owned("acme.com", "r2"), Now);

        Assert.Equal("r2", decision.RepId);
        Assert.Equal(RoutingOutcome.AccountOwner, decision.Outcome);
        Assert.Null(decision.MatchedRule);
        Assert.Equal(["account acme.com is owned by rep r2"], decision.Explanation);
        Assert.Equal(new RepLoad(1, 1), decision.State.LoadOf("r2"));
        Assert.Equal(0, decision.State.CursorOf("EMEA")); // the owner's lead is not a round-robin turn
    }

    /// <summary>Issue 18: a lead routed as B that is A after later actions looked misrouted; the reasons now say
    /// which grade and score routing saw.</summary>
    [Fact]
    public void Routing_from_a_score_records_the_grade_and_score_it_used()
    {
        var router = Router(SingleRule(ownership: true), Rep("r1"), Rep("r2"));
        var score = new LeadScore(62, Grade.B, Priority.Medium, [], "scoring-v1");

        var decision = router.Route(Lead(email: "bob@acme.com"), score, Owned("acme.com", "r2"), Now);

        Assert.Equal(["routed as grade B (score 62)", "account acme.com is owned by rep r2"], decision.Explanation);
        Assert.Equal(new RoutingNote(RoutingNoteKind.Graded, "B", Count: 62), decision.Notes[0]);
    }

    [Fact]
    public void Account_owner_can_come_from_the_explicit_company_domain()
    {
        var router = Router(SingleRule(ownership: true), Rep("r1"), Rep("r2"));

        var decision = router.Route(Lead(email: "bob@gmail.com", companyDomain: "ACME.com"), Grade.B, Owned("acme.com", "r2"), Now);

        Assert.Equal("r2", decision.RepId);
    }

    [Fact]
    public void Out_of_office_account_owner_is_skipped_but_keeps_the_account()
    {
        var router = Router(SingleRule(ownership: true), Rep("r1"), Rep("r2", oooFrom: Now.AddDays(-1), oooUntil: Now.AddDays(3)));

        var decision = router.Route(Lead(email: "bob@acme.com"), Grade.B, Owned("acme.com", "r2"), Now);

        Assert.Equal("r1", decision.RepId);
        Assert.Equal(RoutingOutcome.Rule, decision.Outcome);
        Assert.Equal(
            ["account owner r2 of acme.com skipped: out of office", "matched rule EMEA-All", "round-robin turn of rep r1"],
            decision.Explanation);
        Assert.Equal("r2", decision.State.OwnerOf("acme.com"));
    }

    [Fact]
    public void Account_owner_at_capacity_is_skipped_with_the_counts()
    {
        var router = Router(SingleRule(ownership: true), Rep("r1"), Rep("r2", maxOpen: 40));
        var state = Owned("acme.com", "r2").WithLoad("r2", new RepLoad(40, 0));

        var decision = router.Route(Lead(email: "bob@acme.com"), Grade.B, state, Now);

        Assert.Equal("r1", decision.RepId);
        Assert.Equal("account owner r2 of acme.com skipped: at capacity (40/40 open)", decision.Explanation[0]);
    }

    [Fact]
    public void Free_mail_domain_never_matches_or_creates_ownership()
    {
        var router = Router(SingleRule(ownership: true), Rep("r1"), Rep("r2"));
        var state = Owned("gmail.com", "r2"); // e.g. written before gmail.com was on the list

        var decision = router.Route(Lead(email: "someone@Gmail.com"), Grade.B, state, Now);

        Assert.Equal("r1", decision.RepId);
        Assert.Equal("gmail.com is a free-mail domain: no account ownership", decision.Explanation[0]);
        Assert.DoesNotContain(decision.Explanation, line => line.Contains("now owned", StringComparison.Ordinal));
        Assert.Same(state.AccountOwners, decision.State.AccountOwners);
    }

    [Fact]
    public void Ownership_is_ignored_when_the_document_disables_it()
    {
        var router = Router(SingleRule(ownership: false), Rep("r1"), Rep("r2"));

        var decision = router.Route(Lead(email: "bob@acme.com"), Grade.B, Owned("acme.com", "r2"), Now);

        Assert.Equal("r1", decision.RepId);
        Assert.Equal(RoutingOutcome.Rule, decision.Outcome);
    }

    [Fact]
    public void First_assignment_of_a_new_account_records_its_owner_and_later_leads_follow()
    {
        var router = Router(SingleRule(ownership: true), Rep("r1"), Rep("r2"));

        var first = router.Route(Lead(email: "ann@newco.io"), Grade.B, RoutingState.Empty, Now);
        var second = router.Route(Lead(email: "ben@newco.io"), Grade.B, first.State, Now);

        Assert.Equal("r1", first.RepId);
        Assert.Contains("account newco.io now owned by rep r1", first.Explanation);
        Assert.Equal("r1", first.State.OwnerOf("newco.io"));
        Assert.Equal("r1", second.RepId); // round robin alone would have given r2
        Assert.Equal(RoutingOutcome.AccountOwner, second.Outcome);
    }

    [Fact]
    public void Owner_who_left_the_roster_is_replaced()
    {
        var router = Router(SingleRule(ownership: true), Rep("r1"));

        var decision = router.Route(Lead(email: "bob@acme.com"), Grade.B, Owned("acme.com", "gone"), Now);

        Assert.Equal("r1", decision.RepId);
        Assert.Equal("account acme.com names owner gone, who is not a known rep", decision.Explanation[0]);
        Assert.Equal("r1", decision.State.OwnerOf("acme.com"));
    }

    // ---- 2. rules ----

    [Fact]
    public void First_matching_rule_in_document_order_wins()
    {
        var rules = new RoutingRules
        {
            FallbackQueue = "unassigned",
            Regions = new Dictionary<string, IReadOnlyList<string>> { ["EMEA"] = ["DE", "FR"] },
            Rules =
            [
                new RoutingRule
                {
                    Name = "DACH-Enterprise", Team = "Ent",
                    Match = new RuleMatch { Countries = ["DE", "AT", "CH"], SizeBands = [CompanySizeBand.Enterprise], MinGrade = Grade.B },
                },
                new RoutingRule { Name = "EMEA-Software", Team = "Com", Match = new RuleMatch { Regions = ["EMEA"], Industries = ["Software"] } },
                new RoutingRule { Name = "EMEA", Team = "Com", Match = new RuleMatch { Regions = ["EMEA"] } },
            ],
        };
        var router = Router(rules, Rep("e1", team: "Ent"), Rep("c1", team: "Com"));

        Assert.Equal("DACH-Enterprise", router.Route(Lead("DE", 5000), Grade.A, RoutingState.Empty, Now).MatchedRule);
        Assert.Equal("EMEA-Software", router.Route(Lead("DE", 5000), Grade.C, RoutingState.Empty, Now).MatchedRule); // grade too low
        Assert.Equal("EMEA-Software", router.Route(Lead("DE", 300, "SOFTWARE"), Grade.A, RoutingState.Empty, Now).MatchedRule);
        Assert.Equal("EMEA", router.Route(Lead("FR", 300, "retail"), Grade.A, RoutingState.Empty, Now).MatchedRule);
        Assert.Equal("EMEA", router.Route(Lead("FR", 300, null), Grade.A, RoutingState.Empty, Now).MatchedRule);
        var enterprise = router.Route(Lead("DE", 5000), Grade.B, RoutingState.Empty, Now);
        Assert.Equal(("e1", "Ent"), (enterprise.RepId, enterprise.Team));
    }

    [Fact]
    public void No_matching_rule_sends_the_lead_to_the_document_fallback_queue()
    {
        var router = Router(SingleRule(ruleFallback: "emea-overflow"), Rep("r1"));
        var state = RoutingState.Empty;

        var decision = router.Route(Lead("BR"), Grade.A, state, Now);

        Assert.False(decision.IsAssigned);
        Assert.Null(decision.RepId);
        Assert.Null(decision.MatchedRule);
        Assert.Equal(RoutingOutcome.Fallback, decision.Outcome);
        Assert.Equal("unassigned", decision.FallbackQueue);
        Assert.Equal(["no rule matched", "sent to fallback queue unassigned"], decision.Explanation);
        Assert.Same(state, decision.State);
    }

    [Fact]
    public void Lead_without_a_country_does_not_match_a_territory_rule()
    {
        var router = Router(SingleRule(), Rep("r1"));

        var decision = router.Route(Lead() with { Country = null }, Grade.A, RoutingState.Empty, Now);

        Assert.Equal("unassigned", decision.FallbackQueue);
    }

    // ---- 3. strategies ----

    [Fact]
    public void Round_robin_gives_each_rep_a_turn_and_wraps()
    {
        var router = Router(SingleRule(), Rep("r1"), Rep("r2"), Rep("r3"));

        var (reps, last) = RouteMany(router, 4);

        Assert.Equal(["r1", "r2", "r3", "r1"], reps);
        Assert.Equal(1, last.State.CursorOf("EMEA"));
        Assert.Equal(["matched rule EMEA-All", "round-robin turn of rep r1"], last.Explanation);
        Assert.Equal(new RepLoad(2, 2), last.State.LoadOf("r1"));
    }

    [Fact]
    public void Weighted_interleaves_reps_in_proportion_to_their_weights()
    {
        var router = Router(SingleRule(RoutingStrategy.Weighted), Rep("a", weight: 3), Rep("b", weight: 1));

        var (reps, last) = RouteMany(router, 8);

        Assert.Equal(["a", "a", "b", "a", "a", "a", "b", "a"], reps);
        Assert.Equal("weighted turn of rep a (weight 3)", last.Explanation[^1]);
    }

    [Fact]
    public void Least_loaded_picks_the_fewest_open_leads_and_breaks_ties_in_turn_order()
    {
        var router = Router(SingleRule(RoutingStrategy.LeastLoaded), Rep("r1"), Rep("r2"), Rep("r3"));
        var state = RoutingState.Empty
            .WithLoad("r1", new RepLoad(5, 0))
            .WithLoad("r2", new RepLoad(2, 0))
            .WithLoad("r3", new RepLoad(2, 0));

        var first = router.Route(Lead(), Grade.B, state, Now);
        var second = router.Route(Lead(), Grade.B, first.State, Now);
        var third = router.Route(Lead(), Grade.B, second.State, Now);

        Assert.Equal("r2", first.RepId);
        Assert.Equal("least-loaded rep r2 (2 open)", first.Explanation[^1]);
        Assert.Equal("r3", second.RepId);
        Assert.Equal("r2", third.RepId); // 3, 3 and 5 open: the tie goes to r2, next in turn after r3
    }

    // ---- A-grade leads ----

    [Fact]
    public void A_grade_leads_go_only_to_senior_reps_when_the_rule_says_so()
    {
        var router = Router(SingleRule(seniorsOnly: true), Rep("r1"), Rep("r2", tier: RepTier.Senior), Rep("r3", tier: RepTier.Junior));

        var gradeA = router.Route(Lead(), Grade.A, RoutingState.Empty, Now);
        var gradeB = router.Route(Lead(), Grade.B, RoutingState.Empty, Now);

        Assert.Equal("r2", gradeA.RepId);
        Assert.Equal(
            [
                "matched rule EMEA-All",
                "A-grade lead: only senior reps of team EMEA",
                "rep r1 skipped: not senior (A-grade lead)",
                "round-robin turn of rep r2",
            ],
            gradeA.Explanation);
        Assert.Equal("r1", gradeB.RepId);
    }

    [Fact]
    public void A_grade_lead_goes_to_any_rep_when_the_rule_does_not_restrict_it()
    {
        var router = Router(SingleRule(seniorsOnly: false), Rep("r1"), Rep("r2", tier: RepTier.Senior));

        Assert.Equal("r1", router.Route(Lead(), Grade.A, RoutingState.Empty, Now).RepId);
    }

    [Fact]
    public void A_grade_lead_with_no_senior_available_falls_back_to_the_rule_queue()
    {
        var router = Router(SingleRule(seniorsOnly: true, ruleFallback: "emea-overflow"),
            Rep("r1"), Rep("r2", tier: RepTier.Senior, active: false));

        var decision = router.Route(Lead(), Grade.A, RoutingState.Empty, Now);

        Assert.Null(decision.RepId);
        Assert.Equal("emea-overflow", decision.FallbackQueue);
        Assert.Equal("EMEA-All", decision.MatchedRule);
        Assert.Equal(
            [
                "matched rule EMEA-All",
                "A-grade lead: only senior reps of team EMEA",
                "rep r1 skipped: not senior (A-grade lead)",
                "rep r2 skipped: inactive",
                "no rep of team EMEA can take the lead",
                "sent to fallback queue emea-overflow",
            ],
            decision.Explanation);
    }

    // ---- 4. skipping ----

    [Fact]
    public void Rep_at_capacity_is_skipped_with_the_counts_in_the_explanation()
    {
        var router = Router(SingleRule(), Rep("r1", maxOpen: 40), Rep("r2"));
        var state = RoutingState.Empty.WithLoad("r1", new RepLoad(40, 3)) with { Day = DateOnly.FromDateTime(Now.UtcDateTime) };

        var decision = router.Route(Lead(), Grade.B, state, Now);

        Assert.Equal("r2", decision.RepId);
        Assert.Equal(
            ["matched rule EMEA-All", "rep r1 skipped: at capacity (40/40 open)", "round-robin turn of rep r2"],
            decision.Explanation);
        Assert.Equal(new RepLoad(40, 3), decision.State.LoadOf("r1"));
        Assert.Equal(0, decision.State.CursorOf("EMEA")); // r1 keeps their place: next turn starts at r1 again
    }

    [Fact]
    public void Rep_at_the_daily_limit_is_skipped_until_the_next_day()
    {
        var router = Router(SingleRule(), Rep("r1", maxNewPerDay: 10), Rep("r2"));
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        var state = RoutingState.Empty.WithLoad("r1", new RepLoad(12, 10)).WithLoad("r2", new RepLoad(3, 4)) with { Day = today };

        var sameDay = router.Route(Lead(), Grade.B, state, Now);
        var nextDay = router.Route(Lead(), Grade.B, state, Now.AddDays(1));

        Assert.Equal("r2", sameDay.RepId);
        Assert.Contains("rep r1 skipped: daily limit reached (10/10 new today)", sameDay.Explanation);
        Assert.Equal("r1", nextDay.RepId);
        Assert.Equal(today.AddDays(1), nextDay.State.Day);
        Assert.Equal(new RepLoad(13, 1), nextDay.State.LoadOf("r1"));
        Assert.Equal(new RepLoad(3, 0), nextDay.State.LoadOf("r2")); // everyone's day count restarted
    }

    [Fact]
    public void Out_of_office_rep_is_skipped_only_while_away()
    {
        var router = Router(SingleRule(), Rep("r1", oooFrom: Now.AddHours(-1), oooUntil: Now.AddDays(2)), Rep("r2"));

        var away = router.Route(Lead(), Grade.B, RoutingState.Empty, Now);
        var back = router.Route(Lead(), Grade.B, RoutingState.Empty, Now.AddDays(2));

        Assert.Equal("r2", away.RepId);
        Assert.Contains("rep r1 skipped: out of office", away.Explanation);
        Assert.Equal("r1", back.RepId);
    }

    [Fact]
    public void Inactive_rep_is_skipped()
    {
        var router = Router(SingleRule(RoutingStrategy.LeastLoaded), Rep("r1", active: false), Rep("r2"));

        var decision = router.Route(Lead(), Grade.B, RoutingState.Empty, Now);

        Assert.Equal("r2", decision.RepId);
        Assert.Contains("rep r1 skipped: inactive", decision.Explanation);
    }

    [Fact]
    public void Excluded_reps_are_skipped_on_reassignment()
    {
        var router = Router(SingleRule(ownership: true), Rep("r1"), Rep("r2"), Rep("r3"));
        var state = Owned("acme.com", "r1");

        var decision = router.Route(Lead(email: "bob@acme.com"), Grade.B, state, Now, new HashSet<string> { "r1", "r2" });

        Assert.Equal("r3", decision.RepId);
        Assert.Equal(
            [
                "account owner r1 of acme.com skipped: excluded (being reassigned)",
                "matched rule EMEA-All",
                "rep r1 skipped: excluded (being reassigned)",
                "rep r2 skipped: excluded (being reassigned)",
                "round-robin turn of rep r3",
            ],
            decision.Explanation);
    }

    [Fact]
    public void Rep_whose_own_territories_exclude_the_lead_is_skipped()
    {
        var router = Router(SingleRule(), Rep("r1", territories: ["FR"]), Rep("r2", territories: ["EMEA"]));

        var german = router.Route(Lead("DE"), Grade.B, RoutingState.Empty, Now);
        var french = router.Route(Lead("FR"), Grade.B, RoutingState.Empty, Now);

        Assert.Equal("r2", german.RepId);
        Assert.Contains("rep r1 skipped: lead outside the rep's territories, size bands or industries", german.Explanation);
        Assert.Equal("r1", french.RepId);
    }

    [Fact]
    public void Nobody_available_sends_the_lead_to_the_fallback_queue_and_leaves_the_state_alone()
    {
        var router = Router(SingleRule(RoutingStrategy.Weighted), Rep("r1", maxOpen: 1), Rep("r2", active: false));
        var state = RoutingState.Empty.WithLoad("r1", new RepLoad(1, 1));

        var decision = router.Route(Lead(), Grade.B, state, Now);

        Assert.Equal("unassigned", decision.FallbackQueue);
        Assert.Equal("EMEA-All", decision.MatchedRule);
        Assert.Equal(
            [
                "matched rule EMEA-All",
                "rep r1 skipped: at capacity (1/1 open)",
                "rep r2 skipped: inactive",
                "no rep of team EMEA can take the lead",
                "sent to fallback queue unassigned",
            ],
            decision.Explanation);
        Assert.Same(state, decision.State);
    }

    // ---- purity ----

    [Fact]
    public void Same_inputs_always_give_the_same_decision_and_leave_the_input_state_untouched()
    {
        var rules = RoutingRules.Load(File.ReadAllText(SamplePath("routing.json"))).Value;
        var reps = RepRoster.Load(File.ReadAllText(SamplePath("reps.json"))).Value.Reps;
        var router = LeadRouter.Create(rules, reps).Value;
        var leads = SampleLeads(200);

        var first = Replay(router, leads);
        var second = Replay(LeadRouter.Create(rules, reps).Value, leads);

        Assert.Equal(first.Lines, second.Lines);
        Assert.Equal(first.State.Loads.OrderBy(p => p.Key, StringComparer.Ordinal), second.State.Loads.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(first.State.Cursors.OrderBy(p => p.Key, StringComparer.Ordinal), second.State.Cursors.OrderBy(p => p.Key, StringComparer.Ordinal));

        var start = RoutingState.Empty.WithLoad("r1", new RepLoad(1, 1));
        var snapshot = start.Loads;
        router.Route(leads[0].Lead, leads[0].Grade, start, Now);
        Assert.Same(snapshot, start.Loads);
        Assert.Equal(new RepLoad(1, 1), start.LoadOf("r1"));
    }

    [Fact]
    public void Released_lead_frees_capacity()
    {
        var state = RoutingState.Empty.WithLoad("r1", new RepLoad(2, 2)).WithLeadReleased("r1").WithLeadReleased("r9");

        Assert.Equal(new RepLoad(1, 2), state.LoadOf("r1"));
        Assert.Equal(default, state.LoadOf("r9"));
    }

    [Fact]
    public void State_survives_a_json_round_trip_so_callers_can_persist_it()
    {
        var router = Router(SingleRule(ownership: true), Rep("r1"), Rep("r2"));
        var state = router.Route(Lead(email: "a@acme.com"), Grade.B, RoutingState.Empty, Now).State;

        var json = System.Text.Json.JsonSerializer.Serialize(state);
        var restored = System.Text.Json.JsonSerializer.Deserialize<RoutingState>(json)!;
        var next = router.Route(Lead(email: "b@initech.io"), Grade.B, restored, Now);

        Assert.Equal(state.Day, restored.Day);
        Assert.Equal(new RepLoad(1, 1), restored.LoadOf("r1"));
        Assert.Equal("r1", restored.OwnerOf("acme.com"));
        Assert.Equal("r2", next.RepId); // the cursor came back too
    }

    private static (List<string?> Reps, RoutingDecision Last) RouteMany(LeadRouter router, int count)
    {
        var state = RoutingState.Empty;
        var reps = new List<string?>();
        RoutingDecision? last = null;
        for (var i = 0; i < count; i++)
        {
            last = router.Route(Lead(), Grade.B, state, Now);
            reps.Add(last.RepId);
            state = last.State;
        }

        return (reps, last!);
    }

    private static List<(LeadProfile Lead, Grade Grade)> SampleLeads(int count)
    {
        string[] countries = ["DE", "FR", "JP", "CN", "US", "CA", "BR", "GB"];
        int?[] sizes = [5, 40, 150, 800, 5000, null];
        string?[] industries = ["software", "retail", null, "financial services"];
        string[] domains = ["acme.com", "gmail.com", "initech.io", "globex.net", "umbrella.co", "qq.com"];
        var leads = new List<(LeadProfile, Grade)>();
        for (var i = 0; i < count; i++)
        {
            leads.Add((
                Lead(countries[i % countries.Length], sizes[i % sizes.Length], industries[i % industries.Length],
                    $"p{i}@{domains[i * 7 % domains.Length]}"),
                (Grade)(i % 4)));
        }

        return leads;
    }

    private static (List<string> Lines, RoutingState State) Replay(LeadRouter router, List<(LeadProfile Lead, Grade Grade)> leads)
    {
        var state = RoutingState.Empty;
        var lines = new List<string>();
        for (var i = 0; i < leads.Count; i++)
        {
            var decision = router.Route(leads[i].Lead, leads[i].Grade, state, Now.AddMinutes(i * 37));
            lines.Add($"{decision.RepId}|{decision.FallbackQueue}|{decision.MatchedRule}|{string.Join(" / ", decision.Explanation)}");
            state = decision.State;
        }

        Assert.Contains(lines, l => !l.StartsWith('|')); // some leads were assigned
        return (lines, state);
    }
}
