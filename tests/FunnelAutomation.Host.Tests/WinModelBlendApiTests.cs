using System.Net;
using System.Text.Json;
using FunnelAutomation.Application.Learning;
using FunnelAutomation.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelAutomation.Host.Tests;

/// <summary>Issue 17 end to end on the Host and Azurite: a stored model activated through the API is used by the
/// very next lead's score, and the lead view and timeline show its probability and reasons next to the rules.</summary>
public sealed class WinModelBlendApiTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task A_model_activated_through_the_api_scores_the_next_lead_and_explains_itself()
    {
        Assert.True((await Api.PostRawAsync(host.Client, "/api/config/scoring", await HandBuiltWinModels.SampleScoringWithPredictionAsync(0.5, 100))).IsSuccessStatusCode);
        // Stored as a training run would store it (the model itself is hand-built so the figures are known).
        var version = await host.Services.GetRequiredService<IWinModelStore>().AddAsync(HandBuiltWinModels.BigCompaniesWin(), default);
        var activated = await host.Client.PostAsync($"/api/models/win/{version}/activate", null);
        Assert.True(activated.IsSuccessStatusCode, await activated.Content.ReadAsStringAsync());

        var posted = await Api.PostLeadAsync(host.Client, new { email = $"blend.{Guid.NewGuid():N}@big-co.de", firstName = "Bea", company = "Big Co", country = "DE", employees = 1500 });
        var id = await Api.LeadIdAsync(posted);
        var lead = await HostFixture.Eventually(() => host.GetLeadAsync(id), l => l.TryGetProperty("score", out var s) && s.ValueKind == JsonValueKind.Object, "the lead scored");

        var prediction = lead.GetProperty("score").GetProperty("prediction");
        Assert.Equal(1 / (1 + Math.Exp(-2)), prediction.GetProperty("probability").GetDouble(), 6);
        Assert.Equal("win-blend-test", prediction.Str("modelVersion"));
        Assert.Equal("company of 1,500 employees raises the odds", prediction.GetProperty("topContributions")[0].Str("reason"));
        Assert.Contains(lead.GetProperty("score").GetProperty("breakdown").EnumerateArray(), c => c.Str("rule") == "prediction");
        var timeline = JsonDocument.Parse(await host.Client.GetStringAsync($"/api/leads/{id}/timeline")).RootElement;
        var scored = timeline.GetProperty("entries").EnumerateArray().First(e => e.Str("kind") == "scored");
        Assert.Contains(scored.GetProperty("details").EnumerateArray(), d => d.GetString() == "model: company of 1,500 employees raises the odds");

        // Rolled back to nothing earlier: refused, and the model stays active.
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.PostAsync("/api/models/win/rollback", null)).StatusCode);
    }
}
