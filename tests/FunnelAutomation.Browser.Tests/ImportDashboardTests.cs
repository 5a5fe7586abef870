using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FunnelAutomation.Browser.Tests;

/// <summary>Issue 14: the import panel on the live Host in headless Chromium: a CSV chosen and uploaded, the progress
/// bar following the import to done, and the per-row report downloaded with the bad row's field and reason.</summary>
[Collection(UsesDashboard.Name)]
public sealed class ImportDashboardTests(DashboardHost host, Browser browser)
{
    [ChromiumFact]
    public async Task A_csv_uploaded_on_the_dashboard_runs_to_done_and_its_report_names_the_bad_row()
    {
        ChromiumGuard.EnsureInstalled();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var csv = "email,firstName,company,country,employees\n" +
            $"ines.{tag}@import-panel.de,Ines,Panel AG,DE,900\n" +
            "not an address,Bad,Row Ltd,GB,10\n" +
            $"jon.{tag}@import-panel.de,Jon,Panel AG,DE,900\n";

        var page = await browser.NewPageAsync(host.BaseAddress);
        await page.GotoAsync("/?key=" + DashboardHost.Key);
        await page.WaitForFunctionAsync("() => document.body.dataset.loaded !== undefined");
        await page.GetByTestId("import-file").SetInputFilesAsync(new FilePayload { Name = "trade-show.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByTestId("import-upload").ClickAsync();

        var status = page.GetByTestId("import-status");
        await Expect(status).ToHaveAttributeAsync("data-status", "done", new() { Timeout = 180_000 });
        await Expect(status).ToContainTextAsync("3 rows received, 2 accepted, 1 rejected, 2 processed");
        var bar = page.GetByTestId("import-progress");
        Assert.Equal(await bar.GetAttributeAsync("max"), (await bar.EvaluateAsync<double>("b => b.value")).ToString(System.Globalization.CultureInfo.InvariantCulture));

        // The two good rows are leads now.
        var lead = await host.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{Core.Leads.LeadId.ForEmail($"ines.{tag}@import-panel.de")}");
        Assert.Equal("Panel AG", lead.GetProperty("profile").GetProperty("company").GetString());

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("import-report").ClickAsync());
        var report = await File.ReadAllTextAsync(await download.PathAsync());
        var bad = report.Split('\n').Single(l => l.Contains("not an address", StringComparison.Ordinal));
        Assert.Contains("rejected", bad, StringComparison.Ordinal);
        Assert.Contains("email", bad, StringComparison.Ordinal);
    }
}
