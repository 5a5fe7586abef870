using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Routing;
using FunnelAutomation.Core.Scoring;
using static FunnelAutomation.Core.Tests.Routing.RoutingTestData;

namespace FunnelAutomation.Core.Tests.Routing;

public class RoutingRulesTests
{
    [Fact]
    public void Sample_routing_document_loads_and_validates()
    {
        var loaded = RoutingRules.Load(File.ReadAllText(SamplePath("routing.json")));

        Assert.True(loaded.IsSuccess, string.Join("; ", loaded.Errors));
        var rules = loaded.Value;
        Assert.Equal("unassigned-leads", rules.FallbackQueue);
        Assert.True(rules.AccountOwnership.Enabled);
        Assert.Contains("gmail.com", rules.AccountOwnership.IgnoredDomains);
        Assert.Equal(["EMEA-Enterprise", "EMEA-Commercial", "APAC", "NA-Enterprise", "NA-Commercial"], rules.Rules.Select(r => r.Name));
        Assert.Equal(RoutingStrategy.Weighted, rules.Rules[2].Strategy);
        Assert.Equal(Grade.B, rules.Rules[0].Match.MinGrade);
        Assert.Equal([CompanySizeBand.Large, CompanySizeBand.Enterprise], rules.Rules[0].Match.SizeBands);
    }

    [Fact]
    public void Sample_rules_and_reps_build_a_router_that_routes_sample_leads()
    {
        var rules = RoutingRules.Load(File.ReadAllText(SamplePath("routing.json"))).Value;
        var roster = RepRoster.Load(File.ReadAllText(SamplePath("reps.json")));
        Assert.True(roster.IsSuccess, string.Join("; ", roster.Errors));

        var router = LeadRouter.Create(rules, roster.Value.Reps);
        Assert.True(router.IsSuccess, string.Join("; ", router.Errors));

        var enterpriseA = router.Value.Route(Lead("DE", 5000), Grade.A, RoutingState.Empty, Now);
        Assert.Equal("r1", enterpriseA.RepId); // the only EMEA senior
        Assert.Equal("EMEA-Enterprise", enterpriseA.MatchedRule);

        var japan = router.Value.Route(Lead("JP", 40, email: "a@tokyo.example"), Grade.C, RoutingState.Empty, Now);
        Assert.Equal("APAC", japan.MatchedRule);
        Assert.Equal("r4", japan.RepId);

        var brazil = router.Value.Route(Lead("BR"), Grade.A, RoutingState.Empty, Now);
        Assert.Equal("unassigned-leads", brazil.FallbackQueue);
    }

    [Fact]
    public void Invalid_document_lists_every_error_with_its_path()
    {
        const string json = """
            {
              "kind": "routing",
              "schemaVersion": 1,
              "fallbackQueue": " ",
              "accountOwnership": { "enabled": true, "ignoredDomains": ["gmail.com", "not a domain", "GMAIL.com"] },
              "regions": {
                "EMEA": ["DE", "Deutschland", "DE"],
                "EU": ["FR"],
                "Empty Region": []
              },
              "rules": [
                { "name": "", "team": "EMEA", "match": { "countries": ["D"] } },
                { "name": "Dup", "team": "EMEA", "match": { "regions": ["EMEA", "LATAM"] } },
                { "name": "dup", "team": "", "match": { "industries": [" "] } },
                { "name": "Everything", "team": "EMEA" },
                { "name": "Never", "team": "EMEA", "match": { "countries": ["FR"] }, "fallbackQueue": "" }
              ]
            }
            """;

        var result = RoutingRules.Load(json);

        Assert.False(result.IsSuccess);
        Assert.Equal(
            [
                "$.accountOwnership.ignoredDomains[1]",
                "$.accountOwnership.ignoredDomains[2]",
                "$.fallbackQueue",
                "$.regions.EMEA[1]",
                "$.regions.EMEA[2]",
                "$.regions['Empty Region']",
                "$.rules[0].match.countries[0]",
                "$.rules[0].name",
                "$.rules[1].match.regions[1]",
                "$.rules[2].match.industries[0]",
                "$.rules[2].name",
                "$.rules[2].team",
                "$.rules[4]",
                "$.rules[4].fallbackQueue",
            ],
            result.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Contains(result.Errors, e => e.Path == "$.rules[2].name" && e.Reason.Contains("duplicate rule name \"dup\"") && e.Reason.Contains("$.rules[1]"));
        Assert.Contains(result.Errors, e => e.Path == "$.rules[1].match.regions[1]" && e.Reason.Contains("unknown region \"LATAM\""));
        Assert.Contains(result.Errors, e => e.Path == "$.rules[4]" && e.Reason.Contains("unreachable"));
        Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));
    }

    [Fact]
    public void A_document_without_rules_is_refused()
    {
        var result = RoutingRules.Load("""{ "kind": "routing", "schemaVersion": 1, "fallbackQueue": "q", "rules": [] }""");

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.rules", error.Path);
    }

    [Fact]
    public void Wrong_kind_and_version_are_reported_at_the_header()
    {
        var result = RoutingRules.Load("""{ "kind": "scoring", "schemaVersion": 2, "fallbackQueue": "q", "rules": [] }""");

        Assert.Equal(["$.kind", "$.schemaVersion"], result.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Unknown_strategy_is_refused_with_its_path()
    {
        var result = RoutingRules.Load("""
            { "kind": "routing", "schemaVersion": 1, "fallbackQueue": "q",
              "rules": [ { "name": "x", "team": "t", "strategy": "random" } ] }
            """);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.rules[0].strategy", error.Path);
    }

    [Fact]
    public void Misspelt_field_is_refused_rather_than_ignored()
    {
        var result = RoutingRules.Load("""
            { "kind": "routing", "schemaVersion": 1, "fallbackQueue": "q",
              "rules": [ { "name": "x", "team": "t", "seniorOnly": true } ] }
            """);

        Assert.False(result.IsSuccess);
        Assert.StartsWith("$.rules[0]", Assert.Single(result.Errors).Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Rule_team_without_reps_is_reported_when_the_router_is_built()
    {
        var rules = SingleRule(team: "emea");

        var created = LeadRouter.Create(rules, [Rep("r1", team: "EMEA")]);

        var error = Assert.Single(created.Errors);
        Assert.Equal("$.rules[0].team", error.Path);
        Assert.Contains("did you mean \"EMEA\"", error.Reason);
    }

    [Fact]
    public void Rep_territory_must_be_a_country_or_a_known_region()
    {
        var created = LeadRouter.Create(SingleRule(), [Rep("r1", territories: ["EMEA", "FR", "Benelux"])]);

        var error = Assert.Single(created.Errors);
        Assert.Equal("$.reps[0].territories[2]", error.Path);
    }

    [Fact]
    public void Document_built_in_code_gets_the_same_checks()
    {
        var rules = new RoutingRules { FallbackQueue = "q", Rules = [new RoutingRule { Name = "a", Team = "" }] };

        Assert.Equal(["$.rules[0].team"], rules.Validate().Select(e => e.Path));
        Assert.False(LeadRouter.Create(rules, [Rep("r1")]).IsSuccess);
    }
}
