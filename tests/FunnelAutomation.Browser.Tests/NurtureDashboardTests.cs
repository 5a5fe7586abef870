using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FunnelAutomation.Application.Analytics;
using FunnelAutomation.Core.Analytics;
using FunnelAutomation.Core.Nurture;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FunnelAutomation.Browser.Tests;

/// <summary>Issue 16 on the live Host: an A/B-tested step counted per variant through the report and shown side by
/// side, and the sequence preview panel beside the validator, in headless Chromium.</summary>
[Collection(UsesDashboard.Name)]
public sealed class NurtureDashboardTests(DashboardHost host, Browser browser)
{
    // Enrolls only leads posted with source "ab-test", so the other tests' leads keep the sample sequence.
    private const string AbSequence = """
        { "kind": "sequence", "schemaVersion": 1, "id": "ab-browser", "name": "A/B in the browser",
          "enrollment": { "pipeline": "b2b-standard", "stageEntered": "prospect", "sources": ["ab-test"] },
          "steps": [
            { "type": "email", "id": "hello", "timing": "immediate",
              "variants": [
                { "id": "plain", "weight": 1, "subject": "Plain hello, {{firstName}}", "body": "<p>Plain</p>" },
                { "id": "story", "weight": 1, "subject": "Story hello, {{firstName}}", "body": "<p>Story</p>" } ],
              "winner": { "metric": "click", "minSendsPerVariant": 500, "confidence": 0.95 } }
          ] }
        """;

    private static readonly SemaphoreSlim Seeding = new(1, 1);
    private static List<JsonElement>? _abMails;

    /// <summary>Activates the A/B sequence once and signs up leads that enroll in it; returns their emails from the outbox.</summary>
    private async Task<List<JsonElement>> SeedAbTestAsync()
    {
        await Seeding.WaitAsync();
        try
        {
            if (_abMails is not null)
            {
                return _abMails;
            }

            (await host.Client.PostAsync("/api/config/sequence", new StringContent(AbSequence, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            var emails = Enumerable.Range(0, 8).Select(i => $"ab{i}.{Guid.NewGuid():N}@ab-test.de").ToList();
            foreach (var email in emails)
            {
                (await host.Client.PostAsJsonAsync("/api/leads", new { email, firstName = "Alex", country = "DE", source = "ab-test" })).EnsureSuccessStatusCode();
            }

            var outbox = await DashboardHost.Eventually(
                () => host.Client.GetFromJsonAsync<JsonElement>("/api/outbox?take=500"),
                o => emails.All(e => o.EnumerateArray().Any(m => string.Equals(m.GetProperty("to").GetString(), e, StringComparison.OrdinalIgnoreCase))),
                "an A/B welcome for each of the 8 leads");
            _abMails = [.. outbox.EnumerateArray().Where(m => emails.Contains(m.GetProperty("to").GetString()!, StringComparer.OrdinalIgnoreCase))];
            return _abMails;
        }
        finally
        {
            Seeding.Release();
        }
    }

    private async Task<JsonElement> AbReportAsync() =>
        Assert.Single((await host.Client.GetFromJsonAsync<JsonElement>("/api/analytics/sequences?sequence=ab-browser")).EnumerateArray());

    [Fact]
    public async Task Each_email_names_its_variant_and_the_report_counts_sends_per_variant()
    {
        var mails = await SeedAbTestAsync();
        Assert.Equal(8, mails.Count);
        Assert.All(mails, m => Assert.StartsWith(m.GetProperty("variantId").GetString() == "story" ? "Story hello, Alex" : "Plain hello, Alex", m.GetProperty("subject").GetString(), StringComparison.Ordinal));

        var report = await DashboardHost.Eventually(AbReportAsync, r => r.GetProperty("totals").GetProperty("sent").GetInt64() >= 8, "the report to count 8 sends");

        var step = Assert.Single(report.GetProperty("variants").EnumerateArray());
        Assert.Equal("hello", step.GetProperty("stepId").GetString());
        var sent = step.GetProperty("variants").EnumerateArray().ToDictionary(v => v.GetProperty("variantId").GetString()!, v => v.GetProperty("sent").GetInt64());
        Assert.Equal(["plain", "story"], sent.Keys);
        foreach (var (variant, count) in sent)
        {
            Assert.Equal(mails.Count(m => m.GetProperty("variantId").GetString() == variant), count);
        }

        Assert.Equal(JsonValueKind.Null, step.GetProperty("winner").ValueKind);
    }

    [ChromiumFact]
    public async Task The_variants_are_shown_side_by_side_with_the_winner_and_its_reason()
    {
        ChromiumGuard.EnsureInstalled();
        var mails = await SeedAbTestAsync();
        await DashboardHost.Eventually(AbReportAsync, r => r.GetProperty("totals").GetProperty("sent").GetInt64() >= 8, "the report to count 8 sends");
        // The switch as the executor would store it once the rule is met (500 sends a variant is too many to send here).
        var projection = host.Services.GetRequiredService<IFunnelProjectionStore>();
        await projection.RecordVariantSwitchAsync(new VariantSwitch("ab-browser", "hello", "story", host.Clock.GetUtcNow(), VariantMetric.Click, 0.95, 3.1, 0.0019,
            [new VariantOutcome("plain", 520, 52, 520), new VariantOutcome("story", 515, 93, 515)]), CancellationToken.None);
        var report = await AbReportAsync();
        var variants = report.GetProperty("variants")[0].GetProperty("variants").EnumerateArray().ToList();

        var page = await browser.NewPageAsync(host.BaseAddress);
        await page.GotoAsync("/?key=" + DashboardHost.Key);
        await page.WaitForFunctionAsync("() => document.body.dataset.loaded !== undefined");

        var table = page.GetByTestId("variants-ab-browser-hello");
        await Expect(table).ToBeVisibleAsync();
        await Expect(table.Locator("thead th")).ToHaveTextAsync(["A/B ab-browser · hello", "plain", "story ★"]);
        foreach (var v in variants)
        {
            var id = v.GetProperty("variantId").GetString();
            await Expect(page.GetByTestId($"variant-ab-browser-hello-{id}-sent")).ToHaveTextAsync(v.GetProperty("sent").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(8, variants.Sum(v => v.GetProperty("sent").GetInt64()));
        Assert.Equal(mails.Count, variants.Sum(v => v.GetProperty("sent").GetInt64()));
        var winner = page.GetByTestId("variant-winner-ab-browser-hello");
        await Expect(winner).ToContainTextAsync("story won on click rate");
        await Expect(winner).ToContainTextAsync("p = 0.0019");
        await Expect(winner).ToContainTextAsync("All later leads get story");
        // Side by side: the two variant columns sit on one row, plain left of story.
        var plain = await page.GetByTestId("variant-ab-browser-hello-plain-sent").BoundingBoxAsync();
        var story = await page.GetByTestId("variant-ab-browser-hello-story-sent").BoundingBoxAsync();
        Assert.True(plain!.Y == story!.Y && plain.X < story.X, $"plain at ({plain.X}, {plain.Y}), story at ({story.X}, {story.Y})");
    }

    [ChromiumFact]
    public async Task The_preview_panel_shows_each_email_and_when_under_the_stated_assumptions()
    {
        ChromiumGuard.EnsureInstalled();
        const string start = "2026-03-03T18:00:00Z"; // Tuesday 19:00 in Berlin
        var page = await browser.NewPageAsync(host.BaseAddress);
        await page.GotoAsync("/?key=" + DashboardHost.Key);
        await page.WaitForFunctionAsync("() => document.body.dataset.loaded !== undefined");
        await page.GetByTestId("edit-welcome-nurture").ClickAsync();
        var document = JsonDocument.Parse(await page.GetByTestId("sequence-editor").InputValueAsync()).RootElement;
        var expected = await PreviewViaApiAsync(document, start, visits: []);

        await page.GetByLabel("Country").FillAsync("DE");
        await page.GetByLabel("Start (UTC)").FillAsync(start);
        await page.GetByTestId("preview-submit").ClickAsync();

        var rows = page.GetByTestId("preview-emails").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(expected.GetProperty("emails").GetArrayLength());
        await Expect(page.GetByTestId("preview-email-welcome")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("preview-timing-welcome")).ToHaveTextAsync("immediate");
        await Expect(page.GetByTestId("preview-sends-welcome")).ToHaveTextAsync("Tue 2026-03-03 19:00");
        foreach (var email in expected.GetProperty("emails").EnumerateArray())
        {
            var stepId = email.GetProperty("stepId").GetString();
            var local = email.GetProperty("localSendAt").GetString()!;
            await Expect(page.GetByTestId("preview-sends-" + stepId)).ToContainTextAsync(local[..16].Replace('T', ' '));
        }

        await Expect(page.GetByTestId("preview-summary")).ToContainTextAsync("Europe/Berlin");
        await Expect(page.GetByTestId("preview-summary")).ToContainTextAsync("Not reached: reasons-to-buy, nudge-owner");
        await Expect(page.GetByTestId("preview-assumptions")).ToContainTextAsync("no other customer action");
        await Expect(page.GetByTestId("preview-email-reasons-to-buy")).ToHaveCountAsync(0);

        // Stated otherwise: two pricing-page visits take the branch.
        await page.GetByLabel("Assume visits (URLs, comma-separated)").FillAsync("https://example.com/pricing, https://example.com/pricing?plan=pro");
        await page.GetByTestId("preview-submit").ClickAsync();

        await Expect(page.GetByTestId("preview-email-reasons-to-buy")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("preview-action-nudge-owner")).ToContainTextAsync("pricing page");
        await Expect(page.GetByTestId("preview-assumptions")).ToContainTextAsync("has visited https://example.com/pricing");
        var withVisits = await PreviewViaApiAsync(document, start, visits: ["https://example.com/pricing", "https://example.com/pricing?plan=pro"]);
        await Expect(rows).ToHaveCountAsync(withVisits.GetProperty("emails").GetArrayLength());
    }

    [ChromiumFact]
    public async Task The_preview_panel_lists_errors_by_path()
    {
        ChromiumGuard.EnsureInstalled();
        var page = await browser.NewPageAsync(host.BaseAddress);
        await page.GotoAsync("/?key=" + DashboardHost.Key);
        await page.WaitForFunctionAsync("() => document.body.dataset.loaded !== undefined");
        await page.GetByTestId("sequence-editor").FillAsync("""
            { "kind": "sequence", "schemaVersion": 1, "id": "x", "name": "X", "enrollment": {},
              "steps": [ { "type": "email", "id": "ab", "variants": [ { "id": "a", "weight": 0, "subject": "s", "body": "b" }, { "id": "a", "subject": "s", "body": "b" } ] } ] }
            """);

        await page.GetByTestId("preview-submit").ClickAsync();

        await Expect(page.Locator("#preview-errors li[data-path='$.sequence.steps[0].variants[0].weight']")).ToBeVisibleAsync();
        await Expect(page.Locator("#preview-errors li[data-path='$.sequence.steps[0].variants[1].id']")).ToContainTextAsync("duplicate variant id");
    }

    private async Task<JsonElement> PreviewViaApiAsync(JsonElement sequence, string start, string[] visits)
    {
        var body = JsonSerializer.Serialize(new { sequence, lead = new { firstName = "Ann", country = "DE" }, start, assumptions = new { clicked = false, visits } });
        var response = await host.Client.PostAsync("/api/config/sequence/preview", new StringContent(body, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
