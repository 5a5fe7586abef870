using System.Net.Http.Json;
using System.Text.Json;
using FunnelAutomation.Azure.Queues;

namespace FunnelAutomation.Host.Tests.Telemetry;

/// <summary>An API-only Host (no listeners, so messages wait): an import backlog is reported with its depth and age
/// but is not intake lag, while an intake message as old still degrades health.</summary>
public sealed class ImportBacklogHealthTests(ApiOnlyHost host) : IClassFixture<ApiOnlyHost>
{
    [Fact]
    public async Task An_old_import_batch_is_reported_but_does_not_degrade_health_while_an_old_intake_message_does()
    {
        await host.Storage.InitializeAsync();
        var import = await Api.PostRawAsync(host.Client, "/api/leads/import", "email,company\nold.batch@backlog.example,Backlog\n", "text/csv");
        Assert.Equal(System.Net.HttpStatusCode.Accepted, import.StatusCode);
        host.AdvancePastRealTime(TimeSpan.FromMinutes(10));

        var withImportOnly = await host.Client.GetFromJsonAsync<JsonElement>("/api/health");
        Assert.Equal("ok", withImportOnly.Str("status"));
        var queue = withImportOnly.GetProperty("queues").EnumerateArray().Single(q => q.Str("queue") == QueueNames.LeadsImport);
        Assert.Equal(1, queue.GetProperty("depth").GetInt32());
        Assert.True(queue.GetProperty("oldestAgeSeconds").GetDouble() > FunnelAutomation.Api.Health.HealthApi.BacklogAge.TotalSeconds, queue.ToString()); // older than an intake backlog

        await Api.PostLeadAsync(host.Client, new { email = "old.intake@backlog.example", company = "Backlog" });
        host.AdvancePastRealTime(TimeSpan.FromMinutes(10));
        var withIntake = await host.Client.GetFromJsonAsync<JsonElement>("/api/health");
        Assert.Equal("degraded", withIntake.Str("status"));
        var names = withIntake.GetProperty("checks").EnumerateArray().Where(c => c.Str("status") != "ok").Select(c => c.Str("name")).ToList();
        Assert.Equal(["leads-intake-backlog"], names);
    }
}

/// <summary>A Host without its background work: queued messages stay where they are.</summary>
public sealed class ApiOnlyHost : HostFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => new Dictionary<string, string?> { ["Host:RunBackgroundWork"] = "false" };
}
