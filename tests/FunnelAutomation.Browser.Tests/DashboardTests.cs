using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FunnelAutomation.Browser.Tests;

/// <summary>The dashboard in headless Chromium against the live Host: what it draws is what the API says.</summary>
[Collection(UsesDashboard.Name)]
public sealed class DashboardTests(DashboardHost host, Browser browser)
{
    private static readonly string[] Stages = ["prospect", "initial-contact", "needs-confirmed", "solution-proposed", "quote-negotiation", "won"];

    [ChromiumFact]
    public async Task The_funnel_is_drawn_from_live_data()
    {
        ChromiumGuard.EnsureInstalled();
        var ids = new List<string>();
        foreach (var name in new[] { "ada", "bo", "cy" })
        {
            ids.Add(await host.PostLeadAsync($"{name}.{Guid.NewGuid():N}@live-data.de"));
        }

        foreach (var id in ids)
        {
            await host.WaitForProcessedAsync(id);
        }

        Assert.True(DashboardHost.Reached(await host.FunnelAsync(), "prospect") >= 3);

        var page = await OpenAsync();
        var funnel = await host.FunnelAsync();

        foreach (var stage in Stages)
        {
            await Expect(page.GetByTestId("stage-count-" + stage)).ToHaveTextAsync(DashboardHost.Reached(funnel, stage).ToString(CultureInfo.InvariantCulture));
        }

        await Expect(page.Locator("#funnel-name")).ToContainTextAsync(funnel.GetProperty("pipelineName").GetString()!);
        await Expect(page.Locator("#status")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("error"));
        Assert.DoesNotContain("key=", page.Url, StringComparison.Ordinal); // the key left the address bar
    }

    [ChromiumFact]
    public async Task A_new_form_post_shows_up_after_a_refresh()
    {
        ChromiumGuard.EnsureInstalled();
        var page = await OpenAsync();
        var before = long.Parse(await page.GetByTestId("stage-count-prospect").InnerTextAsync(), CultureInfo.InvariantCulture);

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = $"new.{Guid.NewGuid():N}@form-post.de",
            ["firstName"] = "Nina",
            ["company"] = "Formwerk",
            ["country"] = "DE",
            ["employees"] = "300",
        });
        var posted = await host.Client.PostAsync("/api/leads", form);
        posted.EnsureSuccessStatusCode();
        await host.WaitForProcessedAsync((await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!);
        await DashboardHost.Eventually(() => host.FunnelAsync(), f => DashboardHost.Reached(f, "prospect") == before + 1, "the funnel to count the new lead");

        await RefreshAsync(page);

        await Expect(page.GetByTestId("stage-count-prospect")).ToHaveTextAsync((before + 1).ToString(CultureInfo.InvariantCulture));
    }

    [ChromiumFact]
    public async Task The_reverse_funnel_calculator_answers_like_the_api()
    {
        ChromiumGuard.EnsureInstalled();
        await WinOneDealAsync(amount: 40000m);
        var page = await OpenAsync();

        await page.GetByLabel("Revenue target").FillAsync("200000");
        await page.GetByLabel("Avg deal size (optional)").FillAsync("25000");
        await page.GetByTestId("reverse-submit").ClickAsync();

        var plan = await host.Client.GetFromJsonAsync<JsonElement>("/api/funnel/reverse?pipeline=b2b-standard&target=200000&avgDeal=25000");
        Assert.Equal(8, plan.GetProperty("dealsNeeded").GetInt64());
        foreach (var stage in plan.GetProperty("stages").EnumerateArray())
        {
            var id = stage.GetProperty("stageId").GetString();
            await Expect(page.GetByTestId("plan-leads-" + id)).ToHaveTextAsync(stage.GetProperty("leadsNeeded").GetInt64().ToString(CultureInfo.InvariantCulture));
        }

        await Expect(page.GetByTestId("plan-leads-won")).ToHaveTextAsync("8");
        await Expect(page.GetByTestId("reverse-errors")).ToBeEmptyAsync();
    }

    [ChromiumFact]
    public async Task The_sequence_validator_shows_each_error_by_path()
    {
        ChromiumGuard.EnsureInstalled();
        const string broken = """
            { "kind": "sequence", "schemaVersion": 1, "id": "broken", "name": "Broken",
              "enrollment": { "pipeline": "b2b-standard", "stageEntered": "prospect" },
              "steps": [ { "type": "email", "id": "hello", "subject": "Hi", "body": "<p>Hi</p>" },
                         { "type": "wait", "id": "pause", "hours": -5 } ] }
            """;
        var expected = await host.Client.PostAsync("/api/config/sequence/validate", new StringContent(broken, System.Text.Encoding.UTF8, "application/json"));
        var answer = await expected.Content.ReadFromJsonAsync<JsonElement>();
        var paths = answer.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()!).ToList();
        Assert.NotEmpty(paths);

        var page = await OpenAsync();
        await Expect(page.GetByTestId("sequence-list")).ToContainTextAsync("welcome-nurture");
        await page.GetByLabel("Sequence document (JSON)").FillAsync(broken);
        await page.GetByTestId("sequence-validate").ClickAsync();

        var shown = page.GetByTestId("sequence-errors").Locator("li");
        await Expect(shown).ToHaveCountAsync(paths.Count);
        foreach (var path in paths)
        {
            await Expect(page.Locator($"#sequence-errors li[data-path='{path}']")).ToContainTextAsync(path);
        }

        Assert.Contains(paths, p => p.StartsWith("$.steps[1]", StringComparison.Ordinal));
    }

    /// <summary>Issue 18: Olivia Brown (r8 in samples/reps.json) is inactive, not out of office, and showed "away".</summary>
    [ChromiumFact]
    public async Task The_sequence_panel_says_what_a_conversion_is()
    {
        ChromiumGuard.EnsureInstalled();
        var page = await OpenAsync();

        await Expect(page.GetByTestId("seqperf-conversion")).ToContainTextAsync("once per lead and email");
        await Expect(page.GetByTestId("seqperf-conversion")).ToContainTextAsync("never above 100 %");
        await Expect(page.Locator("#seqperf th[title]")).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("over emails sent"));
    }

    [ChromiumFact]
    public async Task An_inactive_rep_shows_as_inactive_not_away()
    {
        ChromiumGuard.EnsureInstalled();
        var page = await OpenAsync();

        var olivia = page.GetByTestId("rep-r8");
        await Expect(olivia).ToContainTextAsync("Olivia Brown");
        await Expect(olivia.Locator(".rep-status")).ToHaveTextAsync("inactive");
        await Expect(olivia).Not.ToContainTextAsync("away");
    }

    /// <summary>Issue 18: the outbox listed subjects only; a click now opens the email: its rendered body and its
    /// unsubscribe link.</summary>
    [ChromiumFact]
    public async Task An_email_opens_from_the_outbox_panel()
    {
        ChromiumGuard.EnsureInstalled();
        var email = $"opened.{Guid.NewGuid():N}@outbox-view.de";
        await host.WaitForProcessedAsync(await host.PostLeadAsync(email));
        await DashboardHost.Eventually(async () => await host.Client.GetFromJsonAsync<JsonElement>("/api/outbox?take=20"),
            o => o.EnumerateArray().Any(m => DashboardHost.Str(m, "to") == email), "the welcome email in the outbox");
        var page = await OpenAsync();

        var row = page.GetByTestId("outbox-row").Filter(new LocatorFilterOptions { HasText = email });
        await row.GetByRole(AriaRole.Button).ClickAsync();

        var opened = page.GetByTestId("outbox-email");
        await Expect(opened).ToBeVisibleAsync();
        await Expect(page.GetByTestId("email-subject")).ToHaveTextAsync("Welcome to FunnelAutomation, Test");
        await Expect(opened).ToContainTextAsync(email);
        await Expect(page.FrameLocator("[data-testid=email-body]").Locator("body")).ToContainTextAsync("Test");
        var unsubscribe = page.GetByTestId("email-unsubscribe");
        await Expect(unsubscribe).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("/api/unsubscribe\\?token="));
        await page.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(opened).ToBeHiddenAsync();
    }

    [ChromiumFact]
    public async Task Screenshots_at_laptop_and_tablet_widths()
    {
        ChromiumGuard.EnsureInstalled();
        await SeedForScreenshotAsync();
        var folder = Path.Combine(DashboardHost.RepositoryRoot, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        foreach (var (width, file) in new[] { (1366, "dashboard.png"), (768, "dashboard-768.png") })
        {
            var page = await OpenAsync(width);
            await Expect(page.GetByTestId("stage-count-prospect")).ToBeVisibleAsync();
            await Expect(page.Locator("#stalled tbody tr[data-lead]").First).ToBeVisibleAsync();
            await page.GetByLabel("Revenue target").FillAsync("500000");
            await page.GetByTestId("reverse-submit").ClickAsync();
            await Expect(page.GetByTestId("plan-leads-won")).ToBeVisibleAsync();
            var path = Path.Combine(folder, file);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            Assert.True(new FileInfo(path).Length > 10_000, $"{path} looks empty");

            // Nothing sticks out sideways: the layout fits the width.
            var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= width, $"page is {scrollWidth}px wide at a {width}px viewport");
        }
    }

    private async Task<IPage> OpenAsync(int width = 1366)
    {
        var page = await browser.NewPageAsync(host.BaseAddress, width);
        await page.GotoAsync("/?key=" + DashboardHost.Key);
        await page.WaitForFunctionAsync("() => document.body.dataset.loaded !== undefined");
        return page;
    }

    private static async Task RefreshAsync(IPage page)
    {
        var before = await page.EvaluateAsync<string>("() => document.body.dataset.loaded");
        await page.GetByTestId("refresh").ClickAsync();
        await page.WaitForFunctionAsync("previous => document.body.dataset.loaded !== previous", before);
    }

    /// <summary>Something on every panel: leads, a won deal, and a week and more gone by so prospects stall and
    /// the nurture's second email goes out.</summary>
    private async Task SeedForScreenshotAsync()
    {
        var ids = new List<string>();
        foreach (var (name, country) in new[] { ("li.wei", "CN"), ("emma", "GB"), ("jonas", "DE"), ("mia", "US"), ("hiro", "JP") })
        {
            ids.Add(await host.PostLeadAsync($"{name}.{Guid.NewGuid():N}@example-screens.com", country));
        }

        foreach (var id in ids)
        {
            await host.WaitForProcessedAsync(id);
        }

        if ((await host.FunnelAsync()).GetProperty("won").GetInt64() == 0)
        {
            await WinOneDealAsync(amount: 48000m);
        }

        host.Clock.Advance(TimeSpan.FromDays(8));
        await DashboardHost.Eventually(() => host.FunnelAsync(), f => f.GetProperty("stalledCount").GetInt32() > 0, "stalled leads");
    }

    /// <summary>Takes one lead through every stage to a won deal, so each conversion has been measured.</summary>
    private async Task WinOneDealAsync(decimal amount)
    {
        var id = await host.PostLeadAsync($"deal.{Guid.NewGuid():N}@winner.de");
        await host.WaitForProcessedAsync(id);
        var steps = new (string Action, string Stage)[]
        {
            ("meeting_booked", "initial-contact"), ("needs_confirmed", "needs-confirmed"), ("proposal_sent", "solution-proposed"),
            ("quote_requested", "quote-negotiation"), ("contract_signed", "won"),
        };
        foreach (var (action, stage) in steps)
        {
            host.Clock.Advance(TimeSpan.FromDays(1));
            var body = action == "contract_signed"
                ? (object)new { type = action, amount = amount.ToString(CultureInfo.InvariantCulture) }
                : new { type = action };
            (await host.Client.PostAsJsonAsync($"/api/leads/{id}/actions", body)).EnsureSuccessStatusCode();
            await host.WaitForLeadAsync(id, l => DashboardHost.Str(l, "stage") == stage, $"the lead to reach {stage}");
        }

        await DashboardHost.Eventually(() => host.FunnelAsync(), f => f.GetProperty("won").GetInt64() >= 1, "the funnel to count the win");
    }
}
