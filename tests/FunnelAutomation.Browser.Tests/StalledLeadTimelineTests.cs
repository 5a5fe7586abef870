using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FunnelAutomation.Browser.Tests;

/// <summary>Issue 15: a click on a lead in the funnel report's stalled list shows its timeline. On a Host of its own
/// (<see cref="UsesDashboardClockMovedOn"/>): making a lead stalled moves the test clock a week on.</summary>
[Collection(UsesDashboardClockMovedOn.Name)]
public sealed class StalledLeadTimelineTests(DashboardHost host, Browser browser)
{
    /// <summary>A lead is stalled once it has been open in its stage longer than the stage's norm (FunnelReportBuilder;
    /// b2b-standard's prospect: 7 days): the test clock moves 8 days on. The dashboard's source filter keeps the stalled
    /// list to this lead.</summary>
    [ChromiumFact]
    public async Task A_click_on_a_stalled_lead_shows_its_timeline_in_the_order_of_the_api()
    {
        ChromiumGuard.EnsureInstalled();
        var source = "stalled-" + Guid.NewGuid().ToString("N")[..8];
        var (id, _) = await TimelineTests.PostLeadWithWelcomeAsync(host, "Stella", source);
        host.Clock.Advance(TimeSpan.FromDays(8));
        await DashboardHost.Eventually(async () => await host.Client.GetFromJsonAsync<JsonElement>($"/api/funnel?pipeline=b2b-standard&source={source}"),
            f => f.GetProperty("stalled").EnumerateArray().Any(s => DashboardHost.Str(s, "leadId") == id), "the lead in the funnel's stalled list");
        var expected = await TimelineTests.TimelineAsync(host, id);

        var page = await browser.NewPageAsync(host.BaseAddress);
        await page.GotoAsync("/?key=" + DashboardHost.Key);
        await page.WaitForFunctionAsync("() => document.body.dataset.loaded !== undefined");
        var loaded = await page.EvaluateAsync<string>("() => document.body.dataset.loaded");
        await page.Locator("#source").FillAsync(source);
        await page.GetByTestId("refresh").ClickAsync();
        await page.WaitForFunctionAsync("previous => document.body.dataset.loaded !== previous", loaded);
        var stalled = page.Locator("#stalled tbody tr[data-lead]");
        await Expect(stalled).ToHaveCountAsync(1);
        await stalled.Filter(new LocatorFilterOptions { HasText = id }).GetByRole(AriaRole.Cell).First.ClickAsync();

        await TimelineTests.ExpectTimelineAsync(host, page, id, expected);
    }
}

/// <summary>A second Host and browser for tests that move the test clock days on. Intake stamps a timeline on the test
/// clock, the journey engine on the real one; once the test clock is ahead, a lead's journey entries (a stage move, a
/// held email) sort before its capture, and the shared Host's order checks of later tests would fail
/// (TimelineTests.A_click_on_a_lead_in_the_outbox_…).</summary>
[CollectionDefinition(Name)]
public sealed class UsesDashboardClockMovedOn : ICollectionFixture<DashboardHost>, ICollectionFixture<Browser>
{
    public const string Name = "Dashboard, clock moved on";
}
