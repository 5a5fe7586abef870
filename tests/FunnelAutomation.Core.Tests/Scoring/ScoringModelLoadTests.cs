using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Scoring;
using static FunnelAutomation.Core.Tests.Scoring.ScoringTestData;

namespace FunnelAutomation.Core.Tests.Scoring;

public class ScoringModelLoadTests
{
    private const string Valid = """
        {
          "kind": "scoring",
          "schemaVersion": 1,
          "id": "mini",
          "version": "1",
          "engagement": {
            "halfLifeDays": 30,
            "actions": [ { "type": "email_opened", "points": 1, "cap": 5 } ],
            "pages": [ { "name": "pricing", "pattern": "*/pricing*", "points": 10 } ]
          },
          "grades": { "a": 70, "b": 45, "c": 20 }
        }
        """;

    private static IReadOnlyList<ValidationError> Errors(string json)
    {
        var result = ScoringModel.Load(json);
        Assert.False(result.IsSuccess, "the document should have been refused");
        return result.Errors;
    }

    private static ValidationError ErrorAt(IReadOnlyList<ValidationError> errors, string path) =>
        Assert.Single(errors, e => e.Path == path);

    [Fact]
    public void The_sample_model_parses_and_validates()
    {
        var result = ScoringModel.Load(SampleJson);

        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
        var model = result.Value;
        Assert.Equal(("b2b-default", "2026-11", "b2b-default@2026-11"), (model.Id, model.Version, model.ModelVersion));
        Assert.Equal((70, 45, 20), (model.GradeA, model.GradeB, model.GradeC));
        Assert.Equal(30, model.Document.Engagement.HalfLifeDays);
        Assert.Contains("qq.com", model.Document.Negative.FreeMail.Domains);
        Assert.Contains("163.com", model.Document.Negative.FreeMail.Domains);
        Assert.Contains("126.com", model.Document.Negative.FreeMail.Domains);
        Assert.NotEmpty(model.Document.Negative.Competitors.Domains);
        Assert.Contains(model.Document.Engagement.Pages, p => p.Pattern == "*/pricing*");
        Assert.Equal(["EMEA", "APAC", "NA"], model.Document.Fit.Regions.Keys);
    }

    [Fact]
    public void Every_sample_scoring_document_validates()
    {
        var samples = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "samples"), "*.json", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("\"kind\": \"scoring\"", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(samples);
        Assert.All(samples, f =>
        {
            var result = ScoringModel.Load(File.ReadAllText(f));
            Assert.True(result.IsSuccess, f + ": " + string.Join("; ", result.Errors));
        });
    }

    [Fact]
    public void A_minimal_document_loads()
    {
        var result = ScoringModel.Load(Valid);

        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
        Assert.Equal("mini@1", result.Value.ModelVersion);
    }

    [Fact]
    public void The_document_round_trips_through_serialization()
    {
        var model = ScoringModel.Load(SampleJson).Value;

        var again = ScoringModel.Load(Configuration.ConfigJson.Serialize(model.Document));

        Assert.True(again.IsSuccess, string.Join("\n", again.Errors));
        var profile = Profile(email: "x@qq.com", industry: "software", employees: 500, country: "SG", title: "CTO");
        Assert.Equal(new LeadScorer(model).Score(profile, [], Now).Breakdown, new LeadScorer(again.Value).Score(profile, [], Now).Breakdown);
    }

    [Fact]
    public void Bad_regex_is_reported_at_its_pattern()
    {
        var json = Valid.Replace("""{ "name": "pricing", "pattern": "*/pricing*", "points": 10 }""",
            """{ "pattern": "/(pricing", "syntax": "regex", "points": 10 }""", StringComparison.Ordinal);

        var error = ErrorAt(Errors(json), "$.engagement.pages[0].pattern");

        Assert.StartsWith("not a valid regular expression", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Regex_with_backreference_is_refused_because_matching_must_stay_linear()
    {
        var json = Valid.Replace("""{ "name": "pricing", "pattern": "*/pricing*", "points": 10 }""",
            """{ "pattern": "(a+)\\1", "syntax": "regex", "points": 10 }""", StringComparison.Ordinal);

        Assert.Contains("not allowed", ErrorAt(Errors(json), "$.engagement.pages[0].pattern").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Thresholds_must_be_descending()
    {
        var errors = Errors(Valid.Replace("""{ "a": 70, "b": 45, "c": 20 }""", """{ "a": 40, "b": 45, "c": 45 }""", StringComparison.Ordinal));

        Assert.Equal(2, errors.Count);
        Assert.Contains("must be lower than a (40)", ErrorAt(errors, "$.grades.b").Reason, StringComparison.Ordinal);
        Assert.Contains("must be lower than b (45)", ErrorAt(errors, "$.grades.c").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Grades_are_required()
    {
        var error = Assert.Single(Errors("""{ "kind": "scoring", "schemaVersion": 1, "id": "x", "version": "1" }"""));

        Assert.Equal("$.grades", error.Path);
    }

    [Fact]
    public void Unknown_action_type_is_rejected_with_the_known_types()
    {
        var error = ErrorAt(Errors(Valid.Replace("email_opened", "email_open", StringComparison.Ordinal)), "$.engagement.actions[0].type");

        Assert.Contains("unknown action type 'email_open'", error.Reason, StringComparison.Ordinal);
        Assert.Contains("email_opened", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Half_life_must_be_positive()
    {
        Assert.Contains("more than 0 days", ErrorAt(Errors(Valid.Replace("\"halfLifeDays\": 30", "\"halfLifeDays\": 0", StringComparison.Ordinal)), "$.engagement.halfLifeDays").Reason, StringComparison.Ordinal);
        ErrorAt(Errors(Valid.Replace("\"halfLifeDays\": 30", "\"halfLifeDays\": -3.5", StringComparison.Ordinal)), "$.engagement.halfLifeDays");
    }

    [Fact]
    public void Unknown_field_is_reported_at_its_path()
    {
        var errors = Errors(Valid.Replace("\"halfLifeDays\": 30", "\"halfLife\": 30", StringComparison.Ordinal));

        var error = Assert.Single(errors);
        Assert.Equal("$.engagement.halfLife", error.Path);
    }

    [Fact]
    public void Wrong_type_is_reported_at_its_path()
    {
        var error = Assert.Single(Errors(Valid.Replace("\"points\": 10", "\"points\": \"ten\"", StringComparison.Ordinal)));

        Assert.Equal("$.engagement.pages[0].points", error.Path);
    }

    [Fact]
    public void Wrong_kind_or_schema_version_is_refused()
    {
        Assert.Contains(Errors(Valid.Replace("\"kind\": \"scoring\"", "\"kind\": \"routing\"", StringComparison.Ordinal)), e => e.Path == "$.kind");
        Assert.Contains(Errors(Valid.Replace("\"schemaVersion\": 1", "\"schemaVersion\": 2", StringComparison.Ordinal)), e => e.Path == "$.schemaVersion");
    }

    [Fact]
    public void Every_rule_error_is_listed_with_its_path()
    {
        const string json = """
            {
              "kind": "scoring", "schemaVersion": 1, "id": "Bad Id", "version": "",
              "fit": {
                "industries": [ { "match": ["software"], "points": 15 }, { "match": ["Software", ""], "points": 5 } ],
                "companySizes": [ { "bands": ["large"], "points": 5 }, { "bands": ["large"], "points": 2000 } ],
                "regions": { "EMEA": ["DE", "Germany"], "North America": [] },
                "geography": [ { "countries": ["US"], "regions": ["EMAE"], "points": 5 }, { "points": 3 } ],
                "jobTitles": [ { "pattern": "chief|(ceo)", "points": 20 }, { "pattern": "director||vp", "points": 10 } ]
              },
              "negative": {
                "freeMail": { "domains": ["gmail.com", "http://qq.com", "gmail.com"], "points": 10 },
                "competitors": { "domains": ["gmail.com"], "points": -50 }
              },
              "qualification": {
                "budget": [ { "atLeast": -1, "points": 5 }, { "atLeast": 100, "points": 5 }, { "atLeast": 100, "points": 6 } ],
                "need": [ { "level": "high", "points": 5 }, { "level": "high", "points": 6 } ],
                "timeline": [ { "withinMonths": -2, "points": 5 } ]
              },
              "engagement": {
                "halfLifeDays": 0,
                "actions": [ { "type": "email_opened", "points": 1, "cap": 0 }, { "type": "email_opened", "points": 2 }, { "type": "clicked", "points": 3 } ],
                "pages": [ { "pattern": "[", "syntax": "regex", "points": 3 }, { "pattern": " ", "points": 1 } ]
              },
              "grades": { "a": 10, "b": 20, "c": 5 },
              "priority": { "recentEngagementDays": 0 }
            }
            """;

        var errors = Errors(json);

        string[] expected =
        [
            "$.id", "$.version",
            "$.fit.industries[1].match[0]", "$.fit.industries[1].match[1]",
            "$.fit.companySizes[1].points", "$.fit.companySizes[1].bands[0]",
            "$.fit.regions.EMEA[1]", "$.fit.regions['North America']",
            "$.fit.geography[0].regions[0]", "$.fit.geography[1]",
            "$.fit.jobTitles[0].pattern", "$.fit.jobTitles[1].pattern",
            "$.negative.freeMail.points", "$.negative.freeMail.domains[1]", "$.negative.freeMail.domains[2]",
            "$.negative.competitors.domains[0]",
            "$.qualification.budget[0].atLeast", "$.qualification.budget[2].atLeast",
            "$.qualification.need[1].level",
            "$.qualification.timeline[0].withinMonths",
            "$.engagement.halfLifeDays",
            "$.engagement.actions[0].cap", "$.engagement.actions[1].type", "$.engagement.actions[2].type",
            "$.engagement.pages[0].pattern", "$.engagement.pages[1].pattern",
            "$.grades.b",
            "$.priority.recentEngagementDays",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));
        Assert.Contains("already scored at $.fit.industries[0].match[0]", ErrorAt(errors, "$.fit.industries[1].match[0]").Reason, StringComparison.Ordinal);
        Assert.Contains("unknown region 'EMAE'", ErrorAt(errors, "$.fit.geography[0].regions[0]").Reason, StringComparison.Ordinal);
        Assert.Contains("not regular expressions", ErrorAt(errors, "$.fit.jobTitles[0].pattern").Reason, StringComparison.Ordinal);
        Assert.Contains("also a free-mail domain", ErrorAt(errors, "$.negative.competitors.domains[0]").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_built_in_code_is_validated_the_same_way()
    {
        var result = ScoringModel.FromDocument(new ScoringModelDocument
        {
            Id = "code",
            Version = "1",
            Engagement = new EngagementSection { Actions = [new ActionRule { Type = "nope", Points = 1 }] },
            Grades = new GradeThresholds { A = 3, B = 2, C = 1 },
        });

        Assert.False(result.IsSuccess);
        Assert.Equal("$.engagement.actions[0].type", Assert.Single(result.Errors).Path);
    }
}
