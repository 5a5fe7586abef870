using System.Net;
using System.Net.Http.Json;

namespace FunnelAutomation.Host.Tests.Faults;

/// <summary>Azurite is killed in the middle of a stream of lead posts. Every answer is either 202 (queued before
/// the kill) or 503 with Retry-After ("nothing was stored, retry"), never another 5xx, and never a 202 for a
/// submission that could not be queued. That nothing accepted is lost across a storage restart is checked by
/// bench/FunnelAutomation.Bench.Intake/azurite-restart.sh: the test Azurite keeps its data in memory and cannot come back on the same
/// ports with it.</summary>
public sealed class StorageOutageTests(OutageHost host) : IClassFixture<OutageHost>
{
    [Fact]
    public async Task Posts_during_a_storage_outage_get_202_or_503_with_retry_after()
    {
        var before = await Api.PostLeadAsync(host.Client, new { email = "before-outage@storage.test", country = "DE" });
        Assert.Equal(HttpStatusCode.Accepted, before.StatusCode);

        var posts = Enumerable.Range(0, 24).Select(async i =>
        {
            await Task.Delay(i * 25);
            return await Api.PostLeadAsync(host.Client, new { email = $"during{i}@storage.test", country = "DE" });
        }).ToList();
        await Task.Delay(200);
        host.Azurite.Dispose(); // kill -9 of the emulator, mid-stream
        var during = await Task.WhenAll(posts);
        var after = await Api.PostLeadAsync(host.Client, new { email = "after-outage@storage.test", country = "DE" });

        Assert.All(during, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.ServiceUnavailable }));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
        foreach (var unavailable in during.Append(after).Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable))
        {
            Assert.NotNull(unavailable.Headers.RetryAfter?.Delta);
            var problem = await Api.ProblemAsync(unavailable);
            Assert.Equal(503, problem.GetProperty("status").GetInt32());
        }

        // Issue 15: health says so, with a status a probe acts on.
        var health = await host.Client.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var report = await health.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal("unhealthy", report.GetProperty("status").GetString());
        Assert.Contains(report.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "storage"
            && c.GetProperty("description").GetString()!.StartsWith("storage unreachable", StringComparison.Ordinal));
    }
}

public sealed class OutageHost : FaultHost;
