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

    private const string CallNow = """
        { "kind": "sequence", "schemaVersion": 1, "id": "rep-link-call", "name": "Call after booking (rep link test)",
          "enrollment": { "pipeline": "b2b-standard", "stageEntered": "initial-contact", "sources": ["rep-link-test"] },
          "steps": [ { "type": "notifyRep", "id": "call-now", "message": "Booked a meeting: prepare the call." } ] }
        """;

    [Fact]
    public async Task A_reps_notification_links_to_their_own_leads_and_timelines_and_to_nobody_elses()
    {
        Assert.True((await Api.PostRawAsync(host.Client, "/api/config/sequence", CallNow)).IsSuccessStatusCode);
        var posted = await Api.PostLeadAsync(host.Client, new { email = $"rep.link.{Guid.NewGuid():N}@links.test", firstName = "Lin", company = "Links AG", country = "DE", employees = 900, source = "rep-link-test" });
        var id = await Api.LeadIdAsync(posted);
        var lead = await HostFixture.Eventually(() => host.GetLeadAsync(id), l => l.Str("owner") is not null, "the lead routed to a rep");
        var owner = lead.Str("owner")!;
        Assert.True((await Api.PostRawAsync(host.Client, $"/api/leads/{id}/actions", """{"type":"meeting_booked"}""")).IsSuccessStatusCode);

        var notification = await HostFixture.Eventually(async () => (await host.OutboxAsync()).EnumerateArray()
            .Where(e => e.Str("leadId") == id && e.Str("subject")?.StartsWith("Lead update:", StringComparison.Ordinal) == true).Select(e => (JsonElement?)e).FirstOrDefault(),
            e => true, "the owner's notification");
        var href = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(notification.Str("htmlBody")!, "href=\"([^\"]+)\"").Groups[1].Value);
        var link = new Uri(href);
        Assert.Equal("/api/dashboard/my.html", link.AbsolutePath);
        Assert.Equal("#lead=" + id, link.Fragment);
        var token = Uri.UnescapeDataString(link.Query["?token=".Length..]);

        // The rep holds no function key: the link's token alone opens their leads and this lead's timeline (the page
        // itself, my.html, is driven in Chromium by the browser tests).
        using var rep = new HttpClient { BaseAddress = host.Client.BaseAddress };
        var mine = JsonDocument.Parse(await rep.GetStringAsync("/api/my/leads?token=" + Uri.EscapeDataString(token))).RootElement;
        Assert.Equal(owner, mine.Str("repId"));
        Assert.Contains(mine.GetProperty("leads").EnumerateArray(), l => l.Str("id") == id);
        Assert.All(mine.GetProperty("leads").EnumerateArray(), l => Assert.Equal(owner, l.Str("ownerRepId")));
        var timeline = await GetWithTokenAsync(rep, $"/api/my/leads/{id}/timeline", token);
        Assert.Equal(HttpStatusCode.OK, timeline.StatusCode);
        var entries = JsonDocument.Parse(await timeline.Content.ReadAsStringAsync()).RootElement.GetProperty("entries").EnumerateArray().Select(e => e.Str("kind")).ToList();
        Assert.Equal("captured", entries[0]);
        Assert.Contains("routed", entries);
        Assert.Contains("action", entries);

        // Another rep's link does not open this lead: 404, as if it did not exist.
        var reps = JsonDocument.Parse(await host.Client.GetStringAsync("/api/reps")).RootElement.EnumerateArray().Select(r => r.Str("id")!).ToList();
        var other = reps.First(r => r != owner);
        var otherLink = JsonDocument.Parse(await (await host.Client.PostAsync($"/api/reps/{other}/link", null)).Content.ReadAsStringAsync()).RootElement;
        var otherToken = Uri.UnescapeDataString(new Uri(otherLink.Str("url")!).Query["?token=".Length..]);
        Assert.Equal(HttpStatusCode.NotFound, (await GetWithTokenAsync(rep, $"/api/my/leads/{id}/timeline", otherToken)).StatusCode);
        Assert.DoesNotContain(JsonDocument.Parse(await rep.GetStringAsync("/api/my/leads?token=" + Uri.EscapeDataString(otherToken))).RootElement.GetProperty("leads").EnumerateArray(), l => l.Str("id") == id);

        // No token, a forged one, or a link made without the key: refused, with the reason.
        var none = await rep.GetAsync("/api/my/leads");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Contains("x-rep-token", (await Api.ProblemAsync(none)).Str("detail"), StringComparison.Ordinal);
        var forged = await GetWithTokenAsync(rep, $"/api/my/leads/{id}/timeline", token.Split('.')[0] + "." + string.Join('.', otherToken.Split('.')[1..])); // this rep, the other's signature
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Contains("invalid signature", (await Api.ProblemAsync(forged)).Str("detail"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await rep.PostAsync($"/api/reps/{owner}/link", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.PostAsync("/api/reps/nobody-here/link", null)).StatusCode);
    }

    private static Task<HttpResponseMessage> GetWithTokenAsync(HttpClient client, string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("x-rep-token", token);
        return client.SendAsync(request);
    }
}
