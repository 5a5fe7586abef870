using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FunnelAutomation.Host.Tests.Telemetry;

/// <summary>Issue 15: <c>/api/health</c> says what is degraded; storage unreachable is checked in StorageOutageTests.</summary>
public sealed class HealthTests(TelemetryHost host) : IClassFixture<TelemetryHost>
{
    [Fact]
    public async Task Health_is_ok_then_degraded_by_a_poison_message_naming_it_and_shows_the_reason_only_with_the_key()
    {
        using var anonymous = host.NewClient();
        anonymous.DefaultRequestHeaders.Remove("x-functions-key");
        var first = await anonymous.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var ok = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", ok.Str("status"));
        Assert.Contains(ok.GetProperty("queues").EnumerateArray(), q => q.Str("queue") == "leads-intake" && q.GetProperty("poisonDepth").GetInt32() == 0);

        var intake = host.Storage.Names.Queue(Azure.Queues.QueueNames.LeadsIntake);
        await new global::Azure.Storage.Queues.QueueClient(host.Azurite.ConnectionString, intake).SendMessageAsync("not base64 json {");
        var degraded = await HostFixture.Eventually(async () => await anonymous.GetFromJsonAsync<JsonElement>("/api/health"),
            h => h.Str("status") == "degraded", "health to report the poisoned message");

        var check = Assert.Single(degraded.GetProperty("checks").EnumerateArray(), c => c.Str("status") != "ok");
        Assert.Equal("leads-intake-poison", check.Str("name"));
        Assert.Contains("1 poison message", check.Str("description"), StringComparison.Ordinal);
        var queue = degraded.GetProperty("queues").EnumerateArray().Single(q => q.Str("queue") == "leads-intake");
        Assert.Equal(1, queue.GetProperty("poisonDepth").GetInt32());
        Assert.False(queue.TryGetProperty("lastErrors", out var hidden) && hidden.ValueKind == JsonValueKind.Array, "no reasons without the key");

        var keyed = await host.Client.GetFromJsonAsync<JsonElement>("/api/health");
        var reasons = keyed.GetProperty("queues").EnumerateArray().Single(q => q.Str("queue") == "leads-intake").GetProperty("lastErrors");
        Assert.Contains(reasons.EnumerateArray(), r => r.Str("reason")!.Contains("malformed message", StringComparison.Ordinal));
    }
}
