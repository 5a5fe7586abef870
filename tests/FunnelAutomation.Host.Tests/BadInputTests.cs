using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace FunnelAutomation.Host.Tests;

/// <summary>Bad input gets a 4xx problem document naming the field and the reason, and creates nothing.</summary>
public sealed class BadInputTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Theory]
    [InlineData("{\"email\": \"x@y.com\", ", "$")]
    [InlineData("{\"email\": \"x@y.com\", \"employees\": {\"n\": 5}}", "employees")]
    [InlineData("{\"email\": \"x@y.com\", \"employees\": \"lots\"}", "employees")]
    [InlineData("{\"firstName\": \"No Email\"}", "email")]
    [InlineData("{\"email\": 42}", "email")]
    [InlineData("[1, 2, 3]", "$")]
    public async Task Malformed_or_mistyped_lead_bodies_are_refused_by_field(string body, string field)
    {
        var response = await Api.PostRawAsync(host.Client, "/api/leads", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Api.ProblemAsync(response);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains(field, Api.ErrorFields(problem));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("errors")[0].Str("reason")));
        await AssertNothingStoredAsync();
    }

    /// <summary>Issue 18: an email in invalid UTF-8 was accepted (202) and stored as "��@b.example".</summary>
    [Theory]
    [InlineData("application/json", "{\"email\": \"", "@b.example\", \"company\": \"Utf\"}", "email")]
    [InlineData("application/json", "{\"email\": \"ok@b.example\", \"company\": \"", "\"}", "company")]
    [InlineData("application/x-www-form-urlencoded", "email=", "%40b.example&company=Utf", "email")]
    [InlineData("application/x-www-form-urlencoded", "email=ok%40b.example&company=", "", "company")]
    public async Task Text_that_is_not_valid_UTF8_is_refused_naming_the_field(string contentType, string before, string after, string field)
    {
        // 0xC3 0x28 and a lone 0xFF are not UTF-8 (sent raw, as a script would; the form reader decodes them to U+FFFD).
        using var content = new ByteArrayContent([.. Encoding.ASCII.GetBytes(before), 0xC3, 0x28, 0xFF, .. Encoding.ASCII.GetBytes(after)]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        var response = await host.Client.PostAsync("/api/leads", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Api.ProblemAsync(response);
        Assert.Equal([field], Api.ErrorFields(problem));
        Assert.Contains("UTF-8", problem.GetProperty("errors")[0].Str("reason"), StringComparison.Ordinal);
        Assert.Null(await host.GetLeadAsync(Core.Leads.LeadId.ForEmail("ok@b.example")));
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413()
    {
        var body = JsonSerializer.Serialize(new { email = "big@body.com", company = new string('x', 10_000) });

        var response = await Api.PostRawAsync(host.Client, "/api/leads", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await Api.ProblemAsync(response);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task An_unsupported_media_type_is_refused_with_415()
    {
        var response = await Api.PostRawAsync(host.Client, "/api/leads", "email=a@b.com", "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_action_type_is_refused_and_lists_the_known_ones()
    {
        var created = await Api.PostLeadAsync(host.Client, new { email = "actor@plain.io" });
        var id = await Api.LeadIdAsync(created);
        await HostFixture.Eventually(() => host.GetLeadAsync(id), (JsonElement _) => true, "the lead");

        var response = await host.Client.PostAsJsonAsync($"/api/leads/{id}/actions", new { type = "teleported" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Api.ProblemAsync(response);
        Assert.Equal(["type"], Api.ErrorFields(problem));
        Assert.Contains("meeting_booked", problem.GetProperty("errors")[0].Str("reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_action_for_an_unknown_lead_is_404()
    {
        var response = await host.Client.PostAsJsonAsync("/api/leads/ld_nobody/actions", new { type = "meeting_booked" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await Api.ProblemAsync(response);
    }

    [Fact]
    public async Task Protected_routes_refuse_a_missing_or_wrong_key()
    {
        using var anonymous = new HttpClient { BaseAddress = host.Client.BaseAddress };
        using var wrong = new HttpClient { BaseAddress = host.Client.BaseAddress };
        wrong.DefaultRequestHeaders.Add("x-functions-key", "guess");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/outbox")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/reps")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync("/api/people/a@b.com")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/outbox?code=" + HostFixture.Key)).StatusCode);
    }

    [Fact]
    public async Task A_bot_filling_the_honeypot_is_answered_politely_and_stored_nowhere()
    {
        var response = await Api.PostLeadAsync(host.Client, new { email = "bot@spam.example", website = "http://spam.example" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Task.Delay(1500);
        Assert.Null(await host.GetLeadAsync(Core.Leads.LeadId.ForEmail("bot@spam.example")));
    }

    [Fact]
    public async Task A_redirect_off_the_allowed_origins_is_refused()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "r@x.com", ["redirect"] = "https://evil.example/phish" });

        var response = await host.Client.PostAsync("/api/leads", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["redirect"], Api.ErrorFields(await Api.ProblemAsync(response)));
    }

    [Fact]
    public async Task An_invalid_configuration_document_is_listed_by_path_and_not_activated()
    {
        const string pipeline = """{ "kind": "pipeline", "schemaVersion": 1, "id": "b2b-standard", "name": "", "stages": [ { "id": "a", "name": "A", "probability": 2 } ] }""";

        var dryRun = await host.Client.PostAsync("/api/config/pipeline/validate", new StringContent(pipeline, Encoding.UTF8, "application/json"));
        var activate = await host.Client.PostAsync("/api/config/pipeline", new StringContent(pipeline, Encoding.UTF8, "application/json"));

        var report = await dryRun.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(report.GetProperty("valid").GetBoolean());
        Assert.Contains(report.GetProperty("errors").EnumerateArray(), e => e.Str("path") == "$.stages[0].probability");
        Assert.Equal(HttpStatusCode.BadRequest, activate.StatusCode);
        var active = await host.Client.GetFromJsonAsync<JsonElement>("/api/config/pipeline");
        Assert.Contains(active.EnumerateArray(), d => d.Str("id") == "b2b-standard" && d.GetProperty("version").GetInt32() == 1);
    }

    private async Task AssertNothingStoredAsync()
    {
        Assert.Null(await host.GetLeadAsync(Core.Leads.LeadId.ForEmail("x@y.com")));
        Assert.Null(await host.GetLeadAsync(Core.Leads.LeadId.ForEmail("big@body.com")));
        Assert.Empty(Api.OutboxTo(await host.OutboxAsync(), "x@y.com"));
    }
}
