using System.Net.Http.Json;
using System.Text.Json;
using FunnelAutomation.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FunnelAutomation.Browser.Tests;

/// <summary>A real Azurite and the real Host (serving the dashboard from the source wwwroot) on a free port,
/// with a <see cref="FakeTimeProvider"/> clock that starts now, when the Host does (journeys run on the real engine's clock).
/// Shared by every test of a collection (<see cref="UsesDashboard"/>, <see cref="UsesDashboardClockMovedOn"/>).</summary>
public sealed class DashboardHost() : TestHost(Key, TestSupport.TestHostSettings.Now())
{
    public const string Key = "browser-test-key";

    public Uri BaseAddress => Client.BaseAddress!;

    protected override string[] Arguments => ["--webroot=" + Path.Combine(RepositoryRoot, "src", "FunnelAutomation.Host", "wwwroot")];

    /// <summary>Posts a lead as a website form would (JSON) and returns its id.</summary>
    public async Task<string> PostLeadAsync(string email, string country = "DE")
    {
        var response = await Client.PostAsJsonAsync("/api/leads", new { email, firstName = "Test", company = "Browser GmbH", country, employees = "800" });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("leadId").GetString()!;
    }

    /// <summary>The lead's JSON, or an undefined element while it is not stored yet.</summary>
    public async Task<JsonElement> GetLeadAsync(string id)
    {
        var response = await Client.GetAsync($"/api/leads/{id}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
    }

    /// <summary>Waits until the stored lead satisfies <paramref name="check"/>.</summary>
    public Task<JsonElement> WaitForLeadAsync(string id, Func<JsonElement, bool> check, string what) =>
        Eventually(() => GetLeadAsync(id), l => l.ValueKind == JsonValueKind.Object && check(l), what);

    /// <summary>Waits until intake is done with the lead: stored in its first stage and assigned (to a rep or a
    /// queue). Intake writes the lead more than once and each write moves funnel counters between buckets, so
    /// counts read before this may still change.</summary>
    public Task<JsonElement> WaitForProcessedAsync(string id) =>
        WaitForLeadAsync(id, l => Str(l, "stage") is not null && (Str(l, "owner") is not null || Str(l, "queue") is not null), $"lead {id} stored and assigned");

    public static string? Str(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public async Task<JsonElement> FunnelAsync(string pipeline = "b2b-standard") =>
        await Client.GetFromJsonAsync<JsonElement>($"/api/funnel?pipeline={pipeline}");

    public static long Reached(JsonElement funnel, string stageId) =>
        funnel.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("stageId").GetString() == stageId).GetProperty("reached").GetInt64();

    /// <summary>Polls until <paramref name="check"/> holds (leads are processed by background queues);
    /// gives up after a generous bound, saying what it waited for and what it last saw.</summary>
    public static async Task<T> Eventually<T>(Func<Task<T>> probe, Func<T, bool> check, string what, int seconds = 45)
    {
        T? last = default;
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            last = await probe();
            if (last is not null && check(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        var seen = JsonSerializer.Serialize(last);
        throw new Xunit.Sdk.XunitException($"Timed out waiting for: {what}. Last seen: {(seen.Length > 400 ? seen[..400] + "…" : seen)}");
    }
}

[CollectionDefinition(Name)]
public sealed class UsesDashboard : ICollectionFixture<DashboardHost>, ICollectionFixture<Browser>
{
    public const string Name = "Dashboard";
}
