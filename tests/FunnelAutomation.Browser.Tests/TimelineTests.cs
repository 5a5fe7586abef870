using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FunnelAutomation.Browser.Tests;

/// <summary>Issue 15: a click on a lead shows everything that happened to it, in order.</summary>
[Collection(UsesDashboard.Name)]
public sealed partial class TimelineTests(DashboardHost host, Browser browser)
{
    // Two windowed emails in a row for leads of one source only (other tests' leads never enroll): whatever the hour,
    // one of them is held, by the send window or, when the first goes out, by the daily cap of one.
    private const string Sequence = """
        { "kind": "sequence", "schemaVersion": 1, "id": "timeline-meeting-prep", "name": "Meeting prep (timeline test)",
          "enrollment": { "pipeline": "b2b-standard", "stageEntered": "initial-contact", "sources": ["timeline-test"] },
          "steps": [ { "type": "email", "id": "agenda", "subject": "Your agenda", "body": "<p>Agenda</p>" },
                     { "type": "email", "id": "recap", "subject": "Your recap", "body": "<p>Recap</p>" } ] }
        """;

    [ChromiumFact]
    public async Task A_click_on_a_lead_in_the_outbox_shows_its_timeline_in_order_with_a_deferred_email_and_why()
    {
        ChromiumGuard.EnsureInstalled();
        (await host.Client.PostAsync("/api/config/sequence", new StringContent(Sequence, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var email = $"timeline.{Guid.NewGuid():N}@timeline-view.de";
        var posted = await host.Client.PostAsJsonAsync("/api/leads", new { email, firstName = "Tilda", company = "Zeitlinie GmbH", country = "DE", employees = "800", source = "timeline-test" });
        posted.EnsureSuccessStatusCode();
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!;
        await host.WaitForProcessedAsync(id);
        (await host.Client.PostAsJsonAsync($"/api/leads/{id}/actions", new { type = "meeting_booked" })).EnsureSuccessStatusCode();
        var timeline = await DashboardHost.Eventually(async () => await host.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{id}/timeline"),
            t => Entries(t).Any(e => DashboardHost.Str(e, "outcome") == "deferred"), "a deferred email on the lead's timeline");
        var expected = Entries(timeline).Select(e => DashboardHost.Str(e, "summary")!).ToList();
        await DashboardHost.Eventually(async () => await host.Client.GetFromJsonAsync<JsonElement>("/api/outbox?take=20"),
            o => o.EnumerateArray().Any(m => DashboardHost.Str(m, "to") == email), "the welcome email in the outbox");

        var page = await browser.NewPageAsync(host.BaseAddress);
        await page.GotoAsync("/?key=" + DashboardHost.Key);
        await page.WaitForFunctionAsync("() => document.body.dataset.loaded !== undefined");
        await page.GetByTestId("outbox-row").Filter(new LocatorFilterOptions { HasText = email }).First.GetByRole(AriaRole.Cell).First.ClickAsync();

        await Expect(page.GetByTestId("timeline-title")).ToContainTextAsync(id);
        var shown = page.GetByTestId("timeline-entry");
        await Expect(shown).ToHaveCountAsync(expected.Count);
        var kinds = await shown.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.kind + '/' + (r.dataset.outcome || ''))");
        var summaries = await page.Locator(".timeline-summary").AllInnerTextsAsync();
        Assert.Equal(expected, summaries); // as the API ordered them

        // In order: captured, scored and routed (with their reasons), the welcome, the meeting, the move, the held email.
        int At(string kind) => Array.FindIndex(kinds, k => k.StartsWith(kind, StringComparison.Ordinal));
        Assert.Equal(0, At("captured/"));
        Assert.True(At("captured/") < At("scored/") && At("scored/") < At("routed/"), string.Join(", ", kinds));
        var welcome = summaries.ToList().FindIndex(s => s.StartsWith("email welcome sent", StringComparison.Ordinal));
        var meeting = summaries.ToList().FindIndex(s => s.StartsWith("meeting booked", StringComparison.Ordinal));
        var deferredAt = At("email/deferred");
        Assert.True(At("routed/") < welcome && welcome < deferredAt && meeting < deferredAt, string.Join(" | ", summaries));
        await Expect(shown.Nth(At("scored/")).Locator(".timeline-details li").First).ToBeVisibleAsync();
        await Expect(shown.Nth(At("routed/")).Locator(".timeline-details li").First).ToBeVisibleAsync();

        var deferred = shown.Nth(deferredAt);
        await Expect(deferred).ToContainTextAsync("deferred until");
        await Expect(deferred).ToContainTextAsync(HeldReason());
    }

    [ChromiumFact]
    public async Task The_health_panel_shows_each_queue_as_the_api_reports_it()
    {
        ChromiumGuard.EnsureInstalled();
        var health = await host.Client.GetFromJsonAsync<JsonElement>("/api/health");
        var page = await browser.NewPageAsync(host.BaseAddress);
        await page.GotoAsync("/?key=" + DashboardHost.Key);

        await Expect(page.GetByTestId("health-status")).ToHaveTextAsync(health.GetProperty("status").GetString()!);
        foreach (var queue in health.GetProperty("queues").EnumerateArray())
        {
            var row = page.Locator($"#health-queues tr[data-queue='{queue.GetProperty("queue").GetString()}']");
            await Expect(row).ToBeVisibleAsync();
            await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync(queue.GetProperty("poisonDepth").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [ChromiumFact]
    public async Task A_rep_opens_their_link_without_the_key_clicks_a_lead_and_sees_its_timeline()
    {
        ChromiumGuard.EnsureInstalled();
        var posted = await host.Client.PostAsJsonAsync("/api/leads", new { email = $"mine.{Guid.NewGuid():N}@my-leads.de", firstName = "Mia", company = "Eigen GmbH", country = "DE", employees = "800", source = "rep-page-test" });
        posted.EnsureSuccessStatusCode();
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!;
        var owner = DashboardHost.Str(await host.WaitForProcessedAsync(id), "owner")!;
        var timeline = await DashboardHost.Eventually(async () => await host.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{id}/timeline"),
            t => Entries(t).Any(e => DashboardHost.Str(e, "kind") == "email"), "the welcome on the lead's timeline");
        var expected = Entries(timeline).Select(e => DashboardHost.Str(e, "summary")!).ToList();

        // The manager makes the link on the dashboard (a rep in the workload panel, then "Link for this rep")...
        var dashboard = await browser.NewPageAsync(host.BaseAddress);
        await dashboard.GotoAsync("/?key=" + DashboardHost.Key);
        await dashboard.GetByTestId("rep-" + owner).ClickAsync();
        await dashboard.GetByTestId("rep-link").ClickAsync();
        var url = await dashboard.GetByTestId("rep-link-url").InputValueAsync();
        Assert.Contains("/api/dashboard/my.html?token=", url, StringComparison.Ordinal);

        // ...and the rep opens it in their own browser, which has never seen the function key.
        var page = await browser.NewPageAsync(host.BaseAddress);
        await page.GotoAsync(new Uri(url).PathAndQuery);
        await Expect(page.GetByTestId("my-title")).ToContainTextAsync("My leads: ");
        Assert.DoesNotContain("token=", page.Url, StringComparison.Ordinal); // taken out of the address at once
        await page.GetByTestId("my-lead-" + id).GetByRole(AriaRole.Button).ClickAsync();

        await Expect(page.GetByTestId("timeline-title")).ToContainTextAsync(id);
        await Expect(page.GetByTestId("timeline-entry").First).ToHaveAttributeAsync("data-kind", "captured");
        var summaries = await page.Locator(".timeline-summary").AllInnerTextsAsync();
        // What the keyed route showed is all there (entries may have come since, e.g. a notification at the same instant).
        Assert.Subset(summaries.ToHashSet(), expected.ToHashSet());
        Assert.True(summaries.Count >= expected.Count);
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('funnelautomation.functionKey')")); // no key was needed
    }

    /// <summary>A rep in the workload panel lists their leads; a click on one shows its timeline.</summary>
    [ChromiumFact]
    public async Task A_click_on_a_lead_of_a_rep_in_the_workload_panel_shows_its_timeline_in_the_order_of_the_api()
    {
        ChromiumGuard.EnsureInstalled();
        var (id, owner) = await PostLeadWithWelcomeAsync(host, "Wanda", "workload-timeline-test");
        Assert.NotNull(owner);
        await DashboardHost.Eventually(async () => await host.Client.GetFromJsonAsync<JsonElement>($"/api/reps/{owner}/leads"),
            l => l.EnumerateArray().Any(x => DashboardHost.Str(x, "id") == id), "the lead among its rep's leads");
        var expected = await TimelineAsync(host, id);

        var page = await browser.NewPageAsync(host.BaseAddress);
        await page.GotoAsync("/?key=" + DashboardHost.Key);
        await page.GetByTestId("workload").GetByTestId("rep-" + owner).ClickAsync();
        await Expect(page.GetByTestId("timeline-title")).ToHaveTextAsync("Leads of rep " + owner);
        await page.GetByTestId("timeline-leads").Locator($"button[data-lead='{id}']").ClickAsync();

        await ExpectTimelineAsync(host, page, id, expected);
    }

    /// <summary>Posts a lead (a company that routes to a rep) and waits until intake, its welcome email and its owner's
    /// notice are done, after which its timeline stands still: the nurture's next email and the owner's SLA wait on the
    /// journey engine's real clock, the stalled-lead check runs hourly.</summary>
    internal static async Task<(string Id, string? Owner)> PostLeadWithWelcomeAsync(DashboardHost host, string firstName, string source)
    {
        var posted = await host.Client.PostAsJsonAsync("/api/leads", new { email = $"{firstName.ToLowerInvariant()}.{Guid.NewGuid():N}@timeline-click.de", firstName, company = "Klick GmbH", country = "DE", employees = "800", source });
        posted.EnsureSuccessStatusCode();
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!;
        var owner = DashboardHost.Str(await host.WaitForProcessedAsync(id), "owner");
        bool Has(JsonElement timeline, string summary) =>
            Entries(timeline).Any(e => DashboardHost.Str(e, "kind") == "email" && DashboardHost.Str(e, "summary")!.StartsWith(summary, StringComparison.Ordinal));
        await DashboardHost.Eventually(async () => await host.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{id}/timeline"),
            t => Has(t, "email welcome sent") && (owner is null || Has(t, "notice to the rep")), "the welcome and the owner's notice on the lead's timeline");
        return (id, owner);
    }

    /// <summary>The timeline as the API orders it: one line per entry, its kind, outcome and summary.</summary>
    internal static async Task<List<string>> TimelineAsync(DashboardHost host, string id) =>
        [.. Entries(await host.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{id}/timeline"))
            .Select(e => $"{DashboardHost.Str(e, "kind")}/{DashboardHost.Str(e, "outcome")} {DashboardHost.Str(e, "summary")}")];

    /// <summary>The panel shows the lead's timeline, entry for entry as <paramref name="expected"/> (the API's order). Should
    /// the timeline have changed since it was read, what the panel shows must be what the API says now.</summary>
    internal static async Task ExpectTimelineAsync(DashboardHost host, IPage page, string id, List<string> expected)
    {
        await Expect(page.GetByTestId("timeline-title")).ToHaveTextAsync("Lead timeline: " + id);
        await Expect(page.GetByTestId("timeline-summary")).ToContainTextAsync("entries, oldest first");
        var shown = await page.GetByTestId("timeline-entry").EvaluateAllAsync<string[]>(
            "rows => rows.map(r => r.dataset.kind + '/' + (r.dataset.outcome || '') + ' ' + r.querySelector('.timeline-summary').textContent)");
        Assert.True(expected.Count >= 4, string.Join(" | ", expected)); // captured, scored, routed, entered the pipeline at least
        if (!shown.SequenceEqual(expected))
        {
            expected = await TimelineAsync(host, id);
        }

        Assert.Equal(expected, shown);
    }

    private static List<JsonElement> Entries(JsonElement timeline) =>
        timeline.ValueKind == JsonValueKind.Object ? [.. timeline.GetProperty("entries").EnumerateArray()] : [];

    [GeneratedRegex("(before|after) the send window \\(09:00–17:00 Europe/Berlin\\)|daily cap of 1 nurture email was reached|is not a business day in Europe/Berlin")]
    private static partial Regex HeldReason();
}
