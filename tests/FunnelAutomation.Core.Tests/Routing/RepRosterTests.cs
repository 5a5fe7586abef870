using FunnelAutomation.Core.Routing;
using static FunnelAutomation.Core.Tests.Routing.RoutingTestData;

namespace FunnelAutomation.Core.Tests.Routing;

public class RepRosterTests
{
    [Fact]
    public void Sample_reps_load_and_validate()
    {
        var loaded = RepRoster.Load(File.ReadAllText(SamplePath("reps.json")));

        Assert.True(loaded.IsSuccess, string.Join("; ", loaded.Errors));
        var reps = loaded.Value.Reps;
        Assert.InRange(reps.Count, 5, 8);
        Assert.Equal(["APAC", "EMEA", "NA"], reps.Select(r => r.Team).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(reps, r => r.Tier == RepTier.Senior);
        Assert.Contains(reps, r => r.Tier == RepTier.Junior);
        var sofia = reps.Single(r => r.Id == "r3");
        Assert.False(sofia.IsAvailableAt(new DateTimeOffset(2025, 8, 10, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal(3, reps.Single(r => r.Id == "r7").Weight);
    }

    [Fact]
    public void Invalid_roster_lists_every_error_with_its_path()
    {
        const string json = """
            {
              "kind": "reps",
              "schemaVersion": 1,
              "reps": [
                { "id": "a", "name": "A", "email": "a@example.com", "weight": 0, "maxOpenLeads": -1 },
                { "id": "A", "name": " ", "email": "not-an-email", "team": "" },
                { "id": "c", "name": "C", "email": "c@example.com", "maxNewLeadsPerDay": -2,
                  "outOfOfficeFrom": "2025-05-02T00:00:00Z", "outOfOfficeUntil": "2025-05-01T00:00:00Z",
                  "territories": [""] },
                { "id": "d", "name": "D", "email": "d@example.com", "outOfOfficeUntil": "2025-05-01T00:00:00Z",
                  "managerEmail": "boss" }
              ]
            }
            """;

        var result = RepRoster.Load(json);

        Assert.Equal(
            [
                "$.reps[0].maxOpenLeads",
                "$.reps[0].weight",
                "$.reps[1].email",
                "$.reps[1].id",
                "$.reps[1].name",
                "$.reps[1].team",
                "$.reps[2].maxNewLeadsPerDay",
                "$.reps[2].outOfOfficeUntil",
                "$.reps[2].territories[0]",
                "$.reps[3].managerEmail",
                "$.reps[3].outOfOfficeUntil",
            ],
            result.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Missing_required_rep_field_is_reported()
    {
        var result = RepRoster.Load("""{ "kind": "reps", "schemaVersion": 1, "reps": [ { "id": "a", "name": "A" } ] }""");

        Assert.False(result.IsSuccess);
        Assert.StartsWith("$.reps[0]", result.Errors[0].Path, StringComparison.Ordinal);
        Assert.Contains("email", result.Errors[0].Reason);
    }

    [Fact]
    public void Wrong_kind_is_refused()
    {
        var result = RepRoster.Load("""{ "kind": "routing", "schemaVersion": 1, "reps": [] }""");

        Assert.Equal("$.kind", Assert.Single(result.Errors).Path);
    }
}
