using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FunnelAutomation.Browser.Tests;

/// <summary>The what-if replay panel on the live Host in headless Chromium: the active routing document loaded,
/// France moved to the NA team in the editor, the replay run, and the page showing what the API reports.</summary>
[Collection(UsesDashboard.Name)]
public sealed class ReplayDashboardTests(DashboardHost host, Browser browser)
{
    [ChromiumFact]
    public async Task Moving_france_in_the_editor_shows_the_french_leads_moving_and_the_loads_side_by_side()
    {
        ChromiumGuard.EnsureInstalled();
        var french = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = await host.PostLeadAsync($"replay{i}.{Guid.NewGuid():N}@thales-replay.fr", country: "FR");
            await host.WaitForProcessedAsync(id);
            french.Add(id);
        }

        var page = await browser.NewPageAsync(host.BaseAddress);
        await page.GotoAsync("/?key=" + DashboardHost.Key);
        await page.WaitForFunctionAsync("() => document.body.dataset.loaded !== undefined");
        await page.GetByTestId("replay-kind").SelectOptionAsync("routing");
        await page.GetByTestId("replay-load").ClickAsync();
        await Expect(page.GetByTestId("replay-editor")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("\"kind\": \"routing\""));
        var routing = JsonNode.Parse(await page.GetByTestId("replay-editor").InputValueAsync())!.AsObject();
        var emea = routing["regions"]!["EMEA"]!.AsArray();
        emea.Remove(emea.First(c => (string?)c == "FR"));
        routing["regions"]!["NA"]!.AsArray().Add("FR");
        await page.GetByTestId("replay-editor").FillAsync(routing.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        await page.GetByTestId("replay-run").ClickAsync();

        await Expect(page.GetByTestId("replay-status")).ToHaveTextAsync("done");
        var expected = await ReplayViaApiAsync(routing);
        await Expect(page.GetByTestId("replay-summary")).ToContainTextAsync($"{expected.GetProperty("owners").GetProperty("changed").GetInt32()} owner(s)");
        foreach (var id in french)
        {
            await Expect(page.GetByTestId("replay-owner-" + id)).ToHaveCountAsync(1);
        }

        foreach (var load in expected.GetProperty("repLoads").EnumerateArray())
        {
            var row = page.GetByTestId("replay-loads-" + load.GetProperty("owner").GetString());
            await Expect(row.Locator("td").Nth(0)).ToHaveTextAsync(load.GetProperty("baselineAssigned").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync(load.GetProperty("candidateAssigned").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await Expect(page.GetByTestId("replay-emails")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("replay-stages-b2b-standard · prospect")).ToBeVisibleAsync();
    }

    [ChromiumFact]
    public async Task An_invalid_document_lists_its_errors_by_path()
    {
        ChromiumGuard.EnsureInstalled();
        var page = await browser.NewPageAsync(host.BaseAddress);
        await page.GotoAsync("/?key=" + DashboardHost.Key);
        await page.WaitForFunctionAsync("() => document.body.dataset.loaded !== undefined");
        await page.GetByTestId("replay-kind").SelectOptionAsync("routing");
        // Choosing a kind loads its active document into the editor; edit only once it is there.
        await Expect(page.GetByTestId("replay-editor")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("\"kind\": \"routing\""));
        await page.GetByTestId("replay-editor").FillAsync("""
            { "kind": "routing", "schemaVersion": 1, "fallbackQueue": "q", "rules": [ { "name": "x", "match": {}, "team": "EMEA", "strategy": "coinFlip" } ] }
            """);

        await page.GetByTestId("replay-run").ClickAsync();

        await Expect(page.Locator("#replay-errors li[data-path^='$.document.rules[0].strategy']")).ToBeVisibleAsync();
    }

    private async Task<JsonElement> ReplayViaApiAsync(JsonObject routing)
    {
        var body = new JsonObject { ["document"] = routing.DeepClone() }.ToJsonString();
        var response = await host.Client.PostAsync("/api/config/routing/replay", new StringContent(body, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
