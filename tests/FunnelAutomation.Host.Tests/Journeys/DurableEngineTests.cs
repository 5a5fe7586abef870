using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunnelAutomation.Application.Journeys;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Host.Journeys;
using FunnelAutomation.Journeys;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelAutomation.Host.Tests.Journeys;

/// <summary>Journeys on the real Durable Task engine (TaskHubWorker on the Azure Storage provider over Azurite),
/// through the Host as a user drives it. Waits poll with a bound; nothing sleeps a fixed time.</summary>
public sealed class DurableEngineTests(HostFixture host) : IClassFixture<HostFixture>
{
    private IJourneyInstances Instances => host.Services.GetRequiredService<LocalJourneyEngine>().Instances;

    [Fact]
    public async Task Two_events_raised_back_to_back_are_both_applied()
    {
        var id = await PostAndWaitForJourneyAsync("twice.events@kestrel-bank.de");
        var owner = (await host.GetLeadAsync(id))!.Value.Str("owner")!;
        var journeys = host.Services.GetRequiredService<IJourneyRunner>();
        var now = host.Clock.GetUtcNow();

        await journeys.RaiseAsync(id, new RepTouched(now, owner), CancellationToken.None);
        await journeys.RaiseAsync(id, new CustomerActed(now, new CustomerAction("b2b-1", CustomerActionTypes.MeetingBooked, now)), CancellationToken.None);

        var state = await HostFixture.Eventually(() => journeys.GetStateAsync(id, CancellationToken.None),
            s => s.Stage == "initial-contact" && s.SlaDueAt is null, "both the touch (SLA stopped) and the meeting (stage moved)");
        Assert.Contains("b2b-1", state.SeenActionIds);
    }

    [Fact]
    public async Task Gdpr_erase_purges_the_journey_instance_and_a_new_signup_gets_a_new_journey()
    {
        const string email = "erase.me@lindgren-ab.se";
        var id = await PostAndWaitForJourneyAsync(email);
        Assert.NotNull(await Instances.GetAsync(JourneyNames.InstanceId(id), CancellationToken.None));

        var erased = await host.Client.DeleteAsync($"/api/people/{Uri.EscapeDataString(email)}");

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.True((await erased.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("journeyDeleted").GetBoolean());
        Assert.Null(await Instances.GetAsync(JourneyNames.InstanceId(id), CancellationToken.None));

        // The person signs up again: a journey again, a welcome again, and actions move the lead again.
        Assert.Equal(id, await PostAndWaitForJourneyAsync(email));
        await HostFixture.Eventually(async () => Api.OutboxTo(await host.OutboxAsync(), email).ToList(),
            m => m.Any(e => e.Str("subject")!.StartsWith("Welcome", StringComparison.Ordinal)), "the welcome after signing up again");
        (await host.Client.PostAsJsonAsync($"/api/leads/{id}/actions", new { type = "meeting_booked", id = "again-1" })).EnsureSuccessStatusCode();
        await HostFixture.Eventually(() => host.GetLeadAsync(id), l => l.Str("stage") == "initial-contact", "the stage to move after signing up again");
    }

    private async Task<string> PostAndWaitForJourneyAsync(string email)
    {
        var posted = await Api.PostLeadAsync(host.Client, new { email, firstName = "Sam", country = "DE", employees = "800" });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var id = await Api.LeadIdAsync(posted);
        await HostFixture.Eventually(() => host.GetLeadAsync(id),
            l => l.Str("owner") is not null && l.TryGetProperty("journey", out var j) && j.ValueKind == JsonValueKind.Object, "the lead's journey to run");
        return id;
    }
}

/// <summary>The race a waiter left behind loses: the SLA timer fires, and while the orchestrator carries out the
/// timer's commands (held here on a gate) the customer books a meeting. The meeting must still move the stage.</summary>
public sealed class BusyAfterTimerTests(GatedHost host) : IClassFixture<GatedHost>
{
    [Fact]
    public async Task An_event_raised_while_the_orchestrator_is_busy_after_a_timer_fired_is_applied()
    {
        var posted = await Api.PostLeadAsync(host.Client, new { email = "busy@halden-shipping.no", firstName = "Ivar", country = "DE", employees = "900" });
        var id = await Api.LeadIdAsync(posted);
        await HostFixture.Eventually(() => host.GetLeadAsync(id), l => l.Str("owner") is not null, "the assignment");

        // The SLA timer fires; its decision (reassign, tell the manager) is held inside the activity.
        Assert.True(await host.Gate.Entered.WaitAsync(TimeSpan.FromSeconds(60)), "the SLA decision never reached the executor");
        var action = await host.Client.PostAsJsonAsync($"/api/leads/{id}/actions", new { type = "meeting_booked", id = "busy-1" });
        Assert.Equal(HttpStatusCode.Accepted, action.StatusCode);
        host.Gate.Release();

        var lead = await HostFixture.Eventually(() => host.GetLeadAsync(id), l => l.Str("stage") == "initial-contact", "the meeting to move the stage");
        Assert.Equal("meeting_booked", lead.GetProperty("history").EnumerateArray().Last().Str("cause"));
    }
}

/// <summary>A Host with a five-second SLA whose executor holds the first SLA-miss decision until released.</summary>
public sealed class GatedHost : HostFixture
{
    public CommandGate Gate { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => new Dictionary<string, string?>
    {
        ["Funnel:RepSlaHours"] = (5.0 / 3600).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IJourneyCommandExecutor>(sp => new GatedExecutor(ActivatorUtilities.CreateInstance<JourneyCommandExecutor>(sp), Gate));

    private sealed class GatedExecutor(IJourneyCommandExecutor inner, CommandGate gate) : IJourneyCommandExecutor
    {
        public async Task<IReadOnlyList<JourneyInput>> ExecuteAsync(JourneyCommand command, CancellationToken cancellationToken)
        {
            if (command is NotifyManager)
            {
                await gate.HoldAsync();
            }

            return await inner.ExecuteAsync(command, cancellationToken);
        }
    }
}

/// <summary>Holds the first command that reaches it until the test releases it.</summary>
public sealed class CommandGate
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _held;

    public SemaphoreSlim Entered { get; } = new(0);

    public Task HoldAsync()
    {
        if (Interlocked.Exchange(ref _held, 1) == 1)
        {
            return Task.CompletedTask;
        }

        Entered.Release();
        return _released.Task.WaitAsync(TimeSpan.FromSeconds(90));
    }

    public void Release() => _released.TrySetResult();
}

/// <summary>Nurture waits and the quiet period are durable timers on the real clock, so this Host activates the
/// shipped sequences with seconds instead of days (through the configuration API, as a marketer would).</summary>
public sealed class QuickSequencesHost : HostFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => new Dictionary<string, string?>
    {
        ["Funnel:MaxEmailsPerDay"] = "10",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ActivateAsync("welcome-nurture.json", doc => doc["steps"]![1] = new System.Text.Json.Nodes.JsonObject { ["type"] = "wait", ["id"] = "pause-1", ["minutes"] = 0.05 });
        await ActivateAsync("win-back.json", doc => doc["enrollment"]!["lostForDays"] = 0.00005); // about 4 s
    }

    private async Task ActivateAsync(string file, Action<System.Text.Json.Nodes.JsonNode> change)
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot, "samples", "sequences", file)))!;
        change(document);
        var response = await Api.PostRawAsync(Client, "/api/config/sequence", document.ToJsonString());
        Assert.True(response.IsSuccessStatusCode, $"activating {file}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}

/// <summary>Time-driven journey steps on the real engine: the next nurture email after its wait.</summary>
public sealed class NurtureTimerTests(QuickSequencesHost host) : IClassFixture<QuickSequencesHost>
{
    [Fact]
    public async Task A_new_lead_gets_the_welcome_then_after_the_wait_the_next_email()
    {
        const string email = "nurture@orchard-foods.ie";
        var posted = await Api.PostLeadAsync(host.Client, new { email, firstName = "Aoife", country = "IE" });
        var id = await Api.LeadIdAsync(posted);

        var mails = await HostFixture.Eventually(async () => Api.OutboxTo(await host.OutboxAsync(), email).ToList(),
            m => m.Any(e => e.Str("stepKey")!.EndsWith(":product-benefits", StringComparison.Ordinal)), "the product-benefits email after the wait", seconds: 60);

        Assert.Single(mails, m => m.Str("stepKey")!.EndsWith(":welcome", StringComparison.Ordinal));
        var lead = (await host.GetLeadAsync(id))!.Value;
        Assert.Equal("welcome-nurture", lead.GetProperty("journey").Str("activeSequence"));
    }
}

/// <summary>The Host reads the task hub's settings from the same host.json the Functions host reads.</summary>
public sealed class TaskHubSettingsTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public void The_task_hub_takes_its_name_partitions_and_visibility_timeouts_from_host_json()
    {
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(HostFixture.RepositoryRoot, "host.json"))).RootElement.GetProperty("extensions").GetProperty("durableTask");
        var provider = json.GetProperty("storageProvider");
        var engine = host.Services.GetRequiredService<LocalJourneyEngine>();

        Assert.EndsWith(json.GetProperty("hubName").GetString()!, engine.HubName, StringComparison.Ordinal);
        Assert.Equal(provider.GetProperty("partitionCount").GetInt32(), engine.Hub.StorageProvider.PartitionCount);
        Assert.Equal(TimeSpan.Parse(provider.GetProperty("controlQueueVisibilityTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture), engine.Hub.StorageProvider.ControlQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.Parse(provider.GetProperty("workItemQueueVisibilityTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture), engine.Hub.StorageProvider.WorkItemQueueVisibilityTimeout);
        Assert.NotEqual(TimeSpan.FromMinutes(5), engine.Hub.StorageProvider.WorkItemQueueVisibilityTimeout); // not the provider's default
    }
}
