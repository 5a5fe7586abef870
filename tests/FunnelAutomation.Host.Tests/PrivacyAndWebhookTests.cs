using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FunnelAutomation.Application;
using FunnelAutomation.Application.Email;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Host.Tests;

/// <summary>Signed SendGrid events, one-click unsubscribe and GDPR erase, over real HTTP.</summary>
public sealed class PrivacyAndWebhookTests(HostFixture host) : IClassFixture<HostFixture>
{
    private async Task<string> CreatedLeadAsync(string email)
    {
        var response = await Api.PostLeadAsync(host.Client, new { email, firstName = "Eva", country = "DE" });
        var id = await Api.LeadIdAsync(response);
        await HostFixture.Eventually(() => host.GetLeadAsync(id), l => l.TryGetProperty("journey", out var j) && j.ValueKind == JsonValueKind.Object, "the lead and its journey");
        return id;
    }

    private HttpRequestMessage Signed(string payload, DateTimeOffset at, ECDsa? key = null)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = (key ?? host.WebhookKey).SignData(Encoding.UTF8.GetBytes(timestamp + payload), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/sendgrid") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Signature", Convert.ToBase64String(signature));
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Timestamp", timestamp);
        return request;
    }

    [Fact]
    public async Task A_signed_click_event_is_recorded_once_and_a_forged_one_is_refused()
    {
        var id = await CreatedLeadAsync("clicker@webhooks.test");
        var payload = JsonSerializer.Serialize(new[]
        {
            new Dictionary<string, object> { ["event"] = "click", ["email"] = "clicker@webhooks.test", ["timestamp"] = host.Clock.GetUtcNow().ToUnixTimeSeconds(),
                ["sg_event_id"] = "evt-click-1", ["url"] = "https://example.com/pricing", ["leadId"] = id, ["sequenceId"] = "welcome-nurture", ["stepId"] = "welcome" },
        });

        var first = await host.Client.SendAsync(Signed(payload, host.Clock.GetUtcNow()));
        var again = await host.Client.SendAsync(Signed(payload, host.Clock.GetUtcNow()));
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = await host.Client.SendAsync(Signed(payload, host.Clock.GetUtcNow(), forger));
        var unsigned = await host.Client.PostAsync("/api/webhooks/sendgrid", new StringContent(payload, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(1, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());
        Assert.Equal(1, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicates").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        var lead = await HostFixture.Eventually(() => host.GetLeadAsync(id),
            l => l.GetProperty("score").GetProperty("breakdown").EnumerateArray().Any(b => b.Str("rule")!.StartsWith("engagement.", StringComparison.Ordinal)
                && b.Str("reason")!.Contains("click", StringComparison.OrdinalIgnoreCase)), "the click to count as engagement");
        Assert.NotNull(lead.Str("owner"));
    }

    [Fact]
    public async Task The_unsubscribe_link_suppresses_the_address_and_a_tampered_link_is_refused()
    {
        var id = await CreatedLeadAsync("leaving@webhooks.test");
        var token = new UnsubscribeTokens(new FunnelOptions().UnsubscribeSigningKey).Create(id, host.Clock.GetUtcNow().AddDays(30));

        var refused = await host.Client.GetAsync("/api/unsubscribe?token=" + Uri.EscapeDataString(token.Replace(id, LeadId.ForEmail("other@x.test"), StringComparison.Ordinal)));
        var response = await host.Client.PostAsync("/api/unsubscribe?token=" + Uri.EscapeDataString(token), null);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("unsubscribed", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        await HostFixture.Eventually(() => host.GetLeadAsync(id), l => l.GetProperty("journey").TryGetProperty("suppressed", out var s) && s.GetBoolean(), "the journey to learn of it");
    }

    [Fact]
    public async Task Erasing_a_person_removes_the_lead_and_its_emails()
    {
        const string email = "forget-me@webhooks.test";
        var id = await CreatedLeadAsync(email);
        await HostFixture.Eventually(async () => Api.OutboxTo(await host.OutboxAsync(), email).ToList(), m => m.Count > 0, "the welcome email");

        var response = await host.Client.DeleteAsync("/api/people/" + Uri.EscapeDataString(email));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadDeleted").GetBoolean());
        Assert.Null(await host.GetLeadAsync(id));
        Assert.Empty(Api.OutboxTo(await host.OutboxAsync(), email));
        Assert.True(await host.Storage.Suppressions.IsSuppressedAsync(email));
    }

    [Fact]
    public async Task An_address_with_a_percent_sign_is_erased_as_written_not_decoded_twice()
    {
        // "a%41@…" is a valid address; decoded once more it would be "aA@…", someone else.
        var bystander = await CreatedLeadAsync("aA@percent.test");

        var response = await host.Client.DeleteAsync("/api/people/" + Uri.EscapeDataString("a%41@percent.test"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadDeleted").GetBoolean());
        Assert.NotNull(await host.GetLeadAsync(bystander));
        Assert.False(await host.Storage.Suppressions.IsSuppressedAsync("aA@percent.test"));
        Assert.True(await host.Storage.Suppressions.IsSuppressedAsync("a%41@percent.test"));
    }

    [Fact]
    public async Task The_outbox_refuses_a_take_that_is_not_a_number_naming_it()
    {
        var response = await host.Client.GetAsync("/api/outbox?take=abc");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("take", Api.ErrorFields(await Api.ProblemAsync(response)));
    }
}
