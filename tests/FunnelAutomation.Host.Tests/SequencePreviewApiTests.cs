using System.Net;
using System.Text.Json;

namespace FunnelAutomation.Host.Tests;

/// <summary>POST /api/config/sequence/preview on the real Host: the emails a document would send and when, the
/// assumptions stated, errors by JSON path of the request, and nothing stored.</summary>
public sealed class SequencePreviewApiTests(HostFixture host) : IClassFixture<HostFixture>
{
    private async Task<JsonElement> ActiveWelcomeAsync()
    {
        var docs = JsonDocument.Parse(await host.Client.GetStringAsync("/api/config/sequence")).RootElement;
        return docs.EnumerateArray().Single(d => d.GetProperty("id").GetString() == "welcome-nurture").GetProperty("document");
    }

    [Fact]
    public async Task A_sample_lead_in_berlin_is_previewed_under_the_hosts_own_send_window()
    {
        var sequence = await ActiveWelcomeAsync();
        var versionsBefore = await host.Client.GetStringAsync("/api/config/sequence");
        var body = JsonSerializer.Serialize(new
        {
            sequence,
            lead = new { firstName = "Ann", country = "DE", employees = 1500 },
            start = "2026-03-03T18:00:00Z",
        });

        var response = await Api.PostRawAsync(host.Client, "/api/config/sequence/preview", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Europe/Berlin", preview.Str("timeZone"));
        var emails = preview.GetProperty("emails").EnumerateArray().ToList();
        Assert.Equal(["welcome", "product-benefits"], emails.Select(e => e.Str("stepId")));
        Assert.Equal("immediate", emails[0].Str("timing"));
        Assert.Equal(DateTimeOffset.Parse("2026-03-03T18:00:00Z"), emails[0].GetProperty("sendAt").GetDateTimeOffset());
        Assert.Equal("windowed", emails[1].Str("timing"));
        // The test Host sends at any hour, every day (TestHostSettings.AnyTimeEmail): three of its business days after
        // Tuesday 19:00 is Friday 19:00 Berlin, and nothing holds it. Core's tests cover the default Mon–Fri 9–17 window.
        Assert.Equal(DateTimeOffset.Parse("2026-03-06T18:00:00Z"), emails[1].GetProperty("sendAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, emails[1].GetProperty("held").ValueKind);
        Assert.Contains(preview.GetProperty("assumptions").EnumerateArray(), a => a.GetString()!.Contains("send window 00:00–24:00", StringComparison.Ordinal));
        Assert.Contains(preview.GetProperty("assumptions").EnumerateArray(), a => a.GetString()!.Contains("no other customer action", StringComparison.Ordinal));
        Assert.Equal(["reasons-to-buy", "nudge-owner"], preview.GetProperty("notReached").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(versionsBefore, await host.Client.GetStringAsync("/api/config/sequence")); // nothing activated
    }

    [Fact]
    public async Task A_stored_lead_is_previewed_from_its_own_facts()
    {
        var created = await Api.PostLeadAsync(host.Client, new { email = "preview.me@contoso.com", firstName = "Pia", country = "US" });
        var id = await Api.LeadIdAsync(created);
        await HostFixture.Eventually(() => host.GetLeadAsync(id), (JsonElement _) => true, "the lead");
        var body = JsonSerializer.Serialize(new { sequence = await ActiveWelcomeAsync(), leadId = id, start = "2026-03-03T18:00:00Z" });

        var response = await Api.PostRawAsync(host.Client, "/api/config/sequence/preview", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("America/New_York", preview.Str("timeZone"));
    }

    [Fact]
    public async Task An_invalid_document_a_bad_lead_field_and_an_unknown_assumption_are_400s_naming_each_path()
    {
        const string body = """
            { "sequence": { "kind": "sequence", "schemaVersion": 1, "id": "s", "name": "S", "enrollment": {},
                            "steps": [ { "type": "email", "id": "ab", "variants": [ { "id": "only", "subject": "x", "body": "y" } ] } ] },
              "lead": { "country": "Germany" },
              "assumptions": { "replied": true } }
            """;

        var response = await Api.PostRawAsync(host.Client, "/api/config/sequence/preview", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = Api.ErrorFields(await Api.ProblemAsync(response)).ToList();
        Assert.Equal(["$.assumptions.replied"], fields); // the request's own shape is checked first

        var second = await Api.PostRawAsync(host.Client, "/api/config/sequence/preview", body.Replace("\"replied\": true", "\"clicked\": true", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        var errors = Api.ErrorFields(await Api.ProblemAsync(second)).ToList();
        Assert.Contains("$.sequence.steps[0].variants", errors);
        Assert.Contains("$.lead.country", errors);
    }

    [Fact]
    public async Task An_unknown_lead_id_is_a_400_naming_lead_id()
    {
        var body = JsonSerializer.Serialize(new { sequence = await ActiveWelcomeAsync(), leadId = "ld_nobody" });

        var response = await Api.PostRawAsync(host.Client, "/api/config/sequence/preview", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["$.leadId"], Api.ErrorFields(await Api.ProblemAsync(response)));
    }

    [Fact]
    public async Task The_openapi_document_names_the_preview_and_its_problem_statuses()
    {
        var document = JsonDocument.Parse(await host.Client.GetStringAsync("/openapi/v1.json")).RootElement;

        var preview = document.GetProperty("paths").GetProperty("/api/config/sequence/preview").GetProperty("post");

        var statuses = preview.GetProperty("responses").EnumerateObject().Select(p => p.Name).ToList();
        Assert.All(new[] { "200", "400", "401", "413" }, s => Assert.Contains(s, statuses));
    }
}
