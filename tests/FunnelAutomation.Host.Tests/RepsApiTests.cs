using System.Net;
using System.Text;
using System.Text.Json;

namespace FunnelAutomation.Host.Tests;

/// <summary>Reps over HTTP as an admin script uses them: what GET returns goes back with PUT, enums are names
/// both ways, and PATCH changes only the fields sent.</summary>
public sealed class RepsApiTests(HostFixture host) : IClassFixture<HostFixture>
{
    private const string NewRep = """
        { "id": "rep-patch", "name": "Pat Ching", "email": "pat.ching@example.com", "team": "EMEA", "territories": ["DE", "AT"],
          "tier": "senior", "maxOpenLeads": 40, "active": true }
        """;

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string body, string contentType = "application/json") =>
        host.Client.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, contentType) });

    private async Task<JsonElement> RepAsync(string id)
    {
        var all = JsonDocument.Parse(await host.Client.GetStringAsync("/api/reps")).RootElement;
        return all.EnumerateArray().Single(r => r.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task What_GET_returns_PUT_takes_back_unchanged_with_enums_as_names()
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Put, "/api/reps/rep-roundtrip", NewRep.Replace("rep-patch", "rep-roundtrip", StringComparison.Ordinal))).StatusCode);
        var read = await RepAsync("rep-roundtrip");
        Assert.Equal("senior", read.GetProperty("tier").GetString());

        var again = await SendAsync(HttpMethod.Put, "/api/reps/rep-roundtrip", read.GetRawText());

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(read.GetRawText(), (await RepAsync("rep-roundtrip")).GetRawText());
    }

    [Fact]
    public async Task PATCH_changes_only_the_fields_sent()
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Put, "/api/reps/rep-patch", NewRep)).StatusCode);
        var before = await RepAsync("rep-patch");

        var patched = await SendAsync(HttpMethod.Patch, "/api/reps/rep-patch", """{ "outOfOfficeFrom": "2031-05-01T00:00:00+00:00", "outOfOfficeUntil": "2031-05-04T00:00:00+00:00", "maxOpenLeads": 7 }""", "application/merge-patch+json");
        Assert.True(patched.StatusCode == HttpStatusCode.OK, await patched.Content.ReadAsStringAsync());
        var deactivated = await SendAsync(HttpMethod.Patch, "/api/reps/rep-patch", """{ "active": false }""");
        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);

        var after = await RepAsync("rep-patch");
        Assert.Equal(7, after.GetProperty("maxOpenLeads").GetInt32());
        Assert.False(after.GetProperty("active").GetBoolean());
        Assert.Equal(new DateTimeOffset(2031, 5, 4, 0, 0, 0, TimeSpan.Zero), after.GetProperty("outOfOfficeUntil").GetDateTimeOffset());
        foreach (var field in new[] { "name", "email", "team", "territories", "tier", "sizeBands", "industries" })
        {
            Assert.Equal(before.GetProperty(field).GetRawText(), after.GetProperty(field).GetRawText());
        }

        // null resets a field to its default: back in office.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Patch, "/api/reps/rep-patch", """{ "outOfOfficeFrom": null, "outOfOfficeUntil": null }""")).StatusCode);
        var back = await RepAsync("rep-patch");
        Assert.True(!back.TryGetProperty("outOfOfficeUntil", out var ooo) || ooo.ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task A_bad_PATCH_is_a_400_in_user_terms_and_changes_nothing()
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Put, "/api/reps/rep-bad", NewRep.Replace("rep-patch", "rep-bad", StringComparison.Ordinal))).StatusCode);
        var before = await RepAsync("rep-bad");

        var response = await SendAsync(HttpMethod.Patch, "/api/reps/rep-bad", """{ "tier": "wizard", "maxOpenLeads": 3 }""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Api.ProblemAsync(response);
        Assert.Contains("$.tier", Api.ErrorFields(problem));
        Assert.DoesNotContain("FunnelAutomation.", problem.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("System.", problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(before.GetRawText(), (await RepAsync("rep-bad")).GetRawText());
    }

    [Fact]
    public async Task PATCH_of_an_unknown_rep_is_404_and_a_partial_PUT_names_the_missing_fields()
    {
        var missing = await SendAsync(HttpMethod.Patch, "/api/reps/nobody-here", """{ "active": false }""");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var partial = await SendAsync(HttpMethod.Put, "/api/reps/rep-partial", """{ "id": "rep-partial", "active": false }""");

        Assert.Equal(HttpStatusCode.BadRequest, partial.StatusCode);
        var problem = await Api.ProblemAsync(partial);
        Assert.DoesNotContain("FunnelAutomation.", problem.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("deserialization", problem.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_PATCH_naming_a_field_twice_is_a_400_not_a_500()
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Put, "/api/reps/rep-twice", NewRep.Replace("rep-patch", "rep-twice", StringComparison.Ordinal))).StatusCode);

        var response = await SendAsync(HttpMethod.Patch, "/api/reps/rep-twice", """{ "active": true, "active": false }""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("$", Api.ErrorFields(await Api.ProblemAsync(response)));
        Assert.True((await RepAsync("rep-twice")).GetProperty("active").GetBoolean());
    }
}
