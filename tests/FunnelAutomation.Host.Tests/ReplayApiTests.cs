using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;

namespace FunnelAutomation.Host.Tests;

/// <summary>POST /api/config/{kind}/replay on the real Host over Azurite: history posted through the API is replayed
/// under the active and a changed routing document, the report names the leads that move, and no stored row changes.</summary>
public sealed class ReplayApiTests(HostFixture host) : IClassFixture<HostFixture>
{
    private static readonly (string Email, string Country)[] People =
    [
        ("amelie@renault-group.example", "FR"), ("hans@siemens-energy.example", "DE"), ("jo@acme-corp.example", "US"),
        ("luc@thales-air.example", "FR"), ("greta@bosch-tools.example", "DE"), ("chloe@capgemini-it.example", "FR"),
    ];

    [Fact]
    public async Task Moving_france_to_the_na_team_reports_the_french_leads_moving_to_na_reps_and_writes_nothing()
    {
        var ids = new Dictionary<string, string>();
        foreach (var (email, country) in People)
        {
            host.Advance(TimeSpan.FromMinutes(5)); // the Host's clock is fake: without this every lead arrives at one instant
            var response = await Api.PostLeadAsync(host.Client, new { email, firstName = "X", company = email.Split('@')[1], country, employees = "1500", jobTitle = "VP Operations" });
            var id = await Api.LeadIdAsync(response);
            ids[id] = country;
            // One at a time, as the replay orders them: the live round-robin saw them in this order.
            await HostFixture.Eventually(() => host.GetLeadAsync(id), l => l.Str("owner") is not null || l.Str("queue") is not null, "lead " + id + " routed");
        }

        var booked = ids.First(i => i.Value == "DE").Key;
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsJsonAsync($"/api/leads/{booked}/actions", new { type = "meeting_booked" })).StatusCode);
        await HostFixture.Eventually(() => host.GetLeadAsync(booked), l => l.Str("stage") == "initial-contact", "the meeting moving the stage");

        var routing = JsonNode.Parse(await host.Client.GetStringAsync("/api/config/routing"))!.AsArray()[0]!["document"]!.AsObject();
        var regions = routing["regions"]!.AsObject();
        var emea = regions["EMEA"]!.AsArray();
        emea.Remove(emea.First(c => (string?)c == "FR"));
        regions["NA"]!.AsArray().Add("FR");
        var before = await HostFixture.Eventually(StableSnapshotAsync, _ => true, "the stores to settle");

        var replay = await Api.PostRawAsync(host.Client, "/api/config/routing/replay", new JsonObject { ["document"] = routing.DeepClone() }.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var report = JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(People.Length, report.GetProperty("leads").GetInt32());
        var reps = JsonDocument.Parse(await host.Client.GetStringAsync("/api/reps")).RootElement.EnumerateArray()
            .ToDictionary(r => r.Str("id")!, r => r.Str("team"));
        var moved = report.GetProperty("owners").GetProperty("leads").EnumerateArray().ToDictionary(l => l.Str("leadId")!, l => (From: l.Str("from")!, To: l.Str("to")!));
        var french = ids.Where(i => i.Value == "FR").Select(i => i.Key).ToList();
        Assert.Equal(french.Order(StringComparer.Ordinal), moved.Keys.Where(french.Contains).Order(StringComparer.Ordinal));
        Assert.All(french, id => Assert.Equal("EMEA", reps.GetValueOrDefault(moved[id].From)));
        Assert.All(french, id => Assert.Equal("NA", reps.GetValueOrDefault(moved[id].To)));
        // The baseline replays what ran live: the same owners, grades and stages as stored.
        var live = report.GetProperty("live");
        Assert.True((0, 0, 0) == (live.GetProperty("ownersDiffer").GetInt32(), live.GetProperty("gradesDiffer").GetInt32(), live.GetProperty("stagesDiffer").GetInt32()),
            "baseline differs from live: " + live.GetRawText() + " owners " + report.GetProperty("repLoads").GetRawText());
        var loads = report.GetProperty("repLoads").EnumerateArray().ToList();
        Assert.Equal(french.Count, loads.Where(l => reps.GetValueOrDefault(l.Str("owner")!) == "NA").Sum(l => l.GetProperty("candidateAssigned").GetInt32() - l.GetProperty("baselineAssigned").GetInt32()));
        Assert.Equal(before, await StableSnapshotAsync()); // nothing written: every row of every table as it was
    }

    [Fact]
    public async Task An_invalid_document_an_unknown_kind_and_a_bad_time_are_400_problems_naming_the_path()
    {
        var response = await Api.PostRawAsync(host.Client, "/api/config/routing/replay",
            """{ "document": { "kind": "routing", "schemaVersion": 1, "fallbackQueue": "q", "rules": [ { "name": "x", "match": {}, "team": "EMEA", "strategy": "coinFlip" } ] } }""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(Api.ErrorFields(await Api.ProblemAsync(response)), f => f.StartsWith("$.document.rules[0].strategy", StringComparison.Ordinal));

        var kind = await Api.PostRawAsync(host.Client, "/api/config/widgets/replay", """{ "document": {} }""");
        Assert.Equal(HttpStatusCode.BadRequest, kind.StatusCode);
        Assert.Equal(["kind"], Api.ErrorFields(await Api.ProblemAsync(kind)));

        var time = await Api.PostRawAsync(host.Client, "/api/config/scoring/replay", """{ "document": {}, "from": "last tuesday", "extra": 1 }""");
        Assert.Equal(HttpStatusCode.BadRequest, time.StatusCode);
        Assert.Equal(["$.extra", "$.from"], Api.ErrorFields(await Api.ProblemAsync(time)).Order(StringComparer.Ordinal));
    }

    /// <summary>Every row of the product's tables (keys and ETags), or null while it still changes between two reads.</summary>
    private async Task<string?> StableSnapshotAsync()
    {
        var first = await SnapshotAsync();
        await Task.Delay(300);
        return first == await SnapshotAsync() ? first : null;
    }

    private async Task<string> SnapshotAsync()
    {
        var rows = new List<string>();
        foreach (var table in host.Storage.Names.AllTables)
        {
            await foreach (var row in host.Storage.TableClient(table).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
            {
                rows.Add($"{table}/{row.PartitionKey}/{row.RowKey}/{row.ETag}");
            }
        }

        return string.Join('\n', rows);
    }
}
