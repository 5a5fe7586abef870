using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FunnelAutomation.Host.Tests;

/// <summary>A form post becomes a scored, assigned lead with a welcome email; a meeting advances it.</summary>
public sealed class LeadLifecycleTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task A_plain_html_form_post_becomes_a_scored_assigned_lead_with_a_welcome_email()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "Greta.Berg@Nordwerk-Industrie.de",
            ["firstName"] = "Greta",
            ["company"] = "Nordwerk Industrie",
            ["country"] = "DE",
            ["employees"] = "2400",
            ["industry"] = "manufacturing",
            ["jobTitle"] = "Head of Operations",
            ["redirect"] = "/thank-you.html",
            ["website"] = "",
        });
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Client.BaseAddress };

        var response = await noRedirects.PostAsync("/api/leads", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/thank-you.html", response.Headers.Location?.ToString());
        var leadId = Core.Leads.LeadId.ForEmail("greta.berg@nordwerk-industrie.de");
        var lead = await HostFixture.Eventually(() => host.GetLeadAsync(leadId), l => l.Str("owner") is not null, "the lead to be stored and assigned");
        Assert.True(lead.GetProperty("score").GetProperty("total").GetInt32() > 0);
        Assert.NotEmpty(lead.GetProperty("score").GetProperty("breakdown").EnumerateArray());
        Assert.Contains(lead.GetProperty("routing").EnumerateArray(), r => r.GetString()!.Contains("EMEA", StringComparison.Ordinal));
        Assert.Equal("prospect", lead.Str("stage"));
        var welcome = await HostFixture.Eventually(async () => Api.OutboxTo(await host.OutboxAsync(), "greta.berg@nordwerk-industrie.de").ToList(),
            mails => mails.Count > 0, "the welcome email in the outbox");
        Assert.Equal("Welcome to FunnelAutomation, Greta", welcome[0].Str("subject"));
    }

    [Fact]
    public async Task The_same_email_twice_updates_one_lead()
    {
        var first = await Api.PostLeadAsync(host.Client, new { email = "twice@acme-logistics.com", firstName = "Tom", country = "DE" });
        var second = await Api.PostLeadAsync(host.Client, new { email = "TWICE@acme-logistics.com ", phone = "+1 555 0100" });

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(await Api.LeadIdAsync(first), await Api.LeadIdAsync(second));
        // The two submissions may be processed in either order (the listener runs messages concurrently): wait
        // until both are in, then check that neither erased the other.
        var lead = await HostFixture.Eventually(() => host.GetLeadAsync(Core.Leads.LeadId.ForEmail("twice@acme-logistics.com")),
            l => l.GetProperty("profile").Str("phone") is not null && l.GetProperty("profile").Str("firstName") is not null, "both submissions merged");
        Assert.Equal("Tom", lead.GetProperty("profile").Str("firstName"));
        Assert.Equal("+1 555 0100", lead.GetProperty("profile").Str("phone"));
        var mails = await HostFixture.Eventually(async () => Api.OutboxTo(await host.OutboxAsync(), "twice@acme-logistics.com").ToList(),
            m => m.Count > 0, "the welcome email");
        Assert.Single(mails, m => m.Str("subject")!.StartsWith("Welcome", StringComparison.Ordinal));
    }

    /// <summary>Issue 18: ten concurrent posts of one form gave one lead and one welcome, but the score said
    /// "3× form_submitted" (each post was its own submission, scored from whatever history it had read).
    /// Posts of the same fields are one submission: one form_submitted action, "1×" in the breakdown.</summary>
    [Fact]
    public async Task Ten_concurrent_posts_of_one_form_count_as_one_submission()
    {
        var email = $"race.{Guid.NewGuid():N}@rennbahn-gmbh.de";
        var body = new { email, firstName = "Rita", company = "Rennbahn GmbH", country = "DE", employees = "900" };

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Api.PostLeadAsync(host.Client, body)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var leadId = Core.Leads.LeadId.ForEmail(email);
        await HostFixture.Eventually(() => host.GetLeadAsync(leadId), l => l.Str("owner") is not null, "the lead stored and assigned");
        await HostFixture.Eventually(async () => (int?)await host.QueueLengthAsync("leads-intake"), n => n == 0, "every post processed (intake queue empty)", seconds: 120);

        var actions = await host.Storage.Actions.ListAsync(leadId);
        Assert.Single(actions, a => a.Type == "form_submitted");
        var lead = (await host.GetLeadAsync(leadId))!.Value;
        var engagement = lead.GetProperty("score").GetProperty("breakdown").EnumerateArray()
            .Select(b => b.Str("reason")).Where(r => r is not null && r.Contains("form_submitted", StringComparison.Ordinal)).ToList();
        Assert.StartsWith("1× form_submitted", Assert.Single(engagement), StringComparison.Ordinal);
        var mails = await HostFixture.Eventually(async () => Api.OutboxTo(await host.OutboxAsync(), email).ToList(), m => m.Count > 0, "the welcome email");
        Assert.Single(mails, m => m.Str("subject")!.StartsWith("Welcome", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_booked_meeting_advances_the_stage_and_exits_the_nurture()
    {
        var created = await Api.PostLeadAsync(host.Client, new { email = "meet@brightbank.co.uk", firstName = "Priya", country = "GB" });
        var id = await Api.LeadIdAsync(created);
        await HostFixture.Eventually(() => host.GetLeadAsync(id), l => l.TryGetProperty("journey", out var j) && j.ValueKind == JsonValueKind.Object
            && j.Str("activeSequence") == "welcome-nurture", "the nurture to start");

        var action = await host.Client.PostAsJsonAsync($"/api/leads/{id}/actions", new { type = "meeting_booked", id = "cal-77" });

        Assert.Equal(HttpStatusCode.Accepted, action.StatusCode);
        var lead = await HostFixture.Eventually(() => host.GetLeadAsync(id),
            l => l.Str("stage") == "initial-contact" && l.GetProperty("journey").Str("activeSequence") is null, "the stage to advance and the nurture to exit");
        var last = lead.GetProperty("history").EnumerateArray().Last();
        Assert.Equal("meeting_booked", last.Str("cause"));
        Assert.Contains(lead.GetProperty("journey").GetProperty("pastSequences").EnumerateArray(), s => s.GetString() == "welcome-nurture");
    }

    [Fact]
    public async Task The_openapi_document_lists_the_routes()
    {
        var document = await host.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/leads", paths);
        Assert.Contains("/api/leads/{id}/actions", paths);
        Assert.Contains("/api/config/{kind}/validate", paths);
    }
}
