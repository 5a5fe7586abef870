using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using FunnelAutomation.Application.Journeys;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Host.Journeys;
using FunnelAutomation.Journeys;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelAutomation.Host.Tests.Journeys;

/// <summary>Journeys whose instance row says Pending, on the real engine (DurableTask.AzureStorage on Azurite).
/// The provider writes an instance's RuntimeStatus only in an episode that appends ExecutionStarted (or ends it, or
/// continues it as new), and writes the episode's History before its Instances row; a kill between the two in the
/// first episode leaves a journey that runs while its row says Pending. The tests put a row in that state directly
/// (what such a kill leaves), and a row whose start message never existed (a start lost, for the safety net).</summary>
public sealed class PendingJourneyTests(NoSweepHost host) : IClassFixture<NoSweepHost>
{
    private LocalJourneyEngine Engine => host.Services.GetRequiredService<LocalJourneyEngine>();

    private DurableJourneyRunner Runner => host.Services.GetRequiredService<DurableJourneyRunner>();

    private TableClient InstancesTable => host.Storage.TableClient(Engine.HubName + "Instances");

    [Fact]
    public async Task A_journey_running_under_a_stale_pending_row_keeps_its_execution_on_a_repeated_start_and_the_sweep_makes_it_running()
    {
        var id = await PostAndWaitForStateAsync("stale.pending@fjord-metal.no");
        var instanceId = JourneyNames.InstanceId(id);
        var before = await RowAsync(instanceId);
        var state = (await Engine.Instances.GetAsync(instanceId, CancellationToken.None))!.State!;
        await InstancesTable.UpdateEntityAsync(new TableEntity(instanceId, string.Empty) { ["RuntimeStatus"] = "Pending" }, global::Azure.ETag.All, TableUpdateMode.Merge);

        // The intake message redelivered after the crash starts the journey again; so does a re-post of the form.
        var lead = (await host.Storage.Leads.GetAsync(id))!;
        await Runner.StartAsync(JourneyStarts.For(lead, DateTimeOffset.UtcNow), CancellationToken.None);

        var after = await RowAsync(instanceId);
        Assert.Equal(before.GetString("ExecutionId"), after.GetString("ExecutionId"));
        Assert.Equal(before.GetDateTimeOffset("CreatedTime"), after.GetDateTimeOffset("CreatedTime"));
        Assert.Equal("Pending", after.GetString("RuntimeStatus"));

        var swept = await Runner.SweepAsync(DateTimeOffset.UtcNow, JourneySweepTimes.Default with { StalledAfter = TimeSpan.Zero }, CancellationToken.None);

        Assert.Equal([instanceId], swept.Nudged);
        Assert.Empty(swept.Restarted);
        var running = await HostFixture.Eventually(() => Engine.Instances.GetAsync(instanceId, CancellationToken.None),
            j => j.Status == JourneyRuntimeStatus.Running, "the nudged journey to continue as new and its row to say Running");
        Assert.Equal((state.Enrollment!.EnrollmentId, state.Enrollment.StepIndex, state.Enrollment.NextStepAt), (running.State!.Enrollment!.EnrollmentId, running.State.Enrollment.StepIndex, running.State.Enrollment.NextStepAt));
        Assert.Equal(state.OwnerRepId, running.State.OwnerRepId);
        await AssertStillMovesAsync(id);
        Assert.Single(Api.OutboxTo(await host.OutboxAsync(), lead.Profile.Email), m => m.Str("subject")!.StartsWith("Welcome", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pending_journey_whose_start_was_lost_is_restarted_from_the_lead_by_the_sweep()
    {
        var id = await PostAndWaitForStateAsync("lost.start@hollands-glas.nl");
        var lead = (await host.Storage.Leads.GetAsync(id))!;
        var instanceId = JourneyNames.InstanceId(id);
        await Engine.Instances.TerminateAsync(instanceId, "test", CancellationToken.None);
        Assert.True(await Engine.Instances.PurgeAsync(instanceId, CancellationToken.None));

        // An instance row as the client writes it for a new start, with no start message behind it.
        var input = LocalJourneyEngine.Converter.Serialize(new JourneyOrchestrationInput(null, JourneyStarts.For(lead, DateTimeOffset.UtcNow)));
        await InstancesTable.AddEntityAsync(new TableEntity(instanceId, string.Empty)
        {
            ["Name"] = JourneyNames.Orchestrator,
            ["Version"] = string.Empty,
            ["Input"] = input,
            ["RuntimeStatus"] = "Pending",
            ["CreatedTime"] = DateTime.UtcNow.AddMinutes(-20),
            ["LastUpdatedTime"] = DateTime.UtcNow.AddMinutes(-20),
            ["TaskHubName"] = Engine.HubName,
            ["ExecutionId"] = Guid.NewGuid().ToString("N"),
            ["Generation"] = 0,
        });
        Assert.Equal(JourneyRuntimeStatus.Pending, (await Engine.Instances.GetAsync(instanceId, CancellationToken.None))!.Status);

        var swept = await Runner.SweepAsync(DateTimeOffset.UtcNow, JourneySweepTimes.Default, CancellationToken.None);

        Assert.Empty(swept.Nudged);
        Assert.Equal([instanceId], swept.Restarted);
        var running = await HostFixture.Eventually(() => Engine.Instances.GetAsync(instanceId, CancellationToken.None),
            j => j is { Status: JourneyRuntimeStatus.Running, State.Enrollment: not null }, "the restarted journey to run and enroll the lead");
        Assert.Equal(lead.OwnerRepId, running.State!.OwnerRepId);
        await AssertStillMovesAsync(id);
    }

    [Fact]
    public async Task The_sweep_leaves_a_recent_pending_journey_and_a_running_one_alone()
    {
        var id = await PostAndWaitForStateAsync("left.alone@kaunas-mills.lt");

        var swept = await Runner.SweepAsync(DateTimeOffset.UtcNow, JourneySweepTimes.Default, CancellationToken.None);

        Assert.True(swept.IsEmpty, swept.ToString());
        Assert.Equal(JourneyRuntimeStatus.Running, (await Engine.Instances.GetAsync(JourneyNames.InstanceId(id), CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_failed_journey_is_restarted_from_the_lead_by_the_sweep_once_it_has_been_failed_long_enough()
    {
        var id = await PostAndWaitForStateAsync("failed.journey@tallinn-wood.ee");
        var lead = (await host.Storage.Leads.GetAsync(id))!;
        var instanceId = JourneyNames.InstanceId(id);

        // A journey the engine ended as Failed: here an orchestrator fault (a run with no input), the quickest way to
        // that status on the real engine; an activity out of its retries ends the same way, after ~10 minutes.
        await Engine.Instances.TerminateAsync(instanceId, "test", CancellationToken.None);
        Assert.True(await Engine.Instances.TryScheduleAsync(instanceId, null!, replacePending: false, CancellationToken.None));
        var failed = await HostFixture.Eventually(() => Engine.Instances.GetAsync(instanceId, CancellationToken.None),
            j => j.Status == JourneyRuntimeStatus.Failed, "the journey to fail");
        Assert.NotNull(failed.LastUpdatedAt);

        var early = await Runner.SweepAsync(DateTimeOffset.UtcNow, JourneySweepTimes.Default, CancellationToken.None);
        Assert.Empty(early.RetriedAfterFailure);
        Assert.Equal(JourneyRuntimeStatus.Failed, (await Engine.Instances.GetAsync(instanceId, CancellationToken.None))!.Status);

        var swept = await Runner.SweepAsync(DateTimeOffset.UtcNow, JourneySweepTimes.Default with { RetryFailedAfter = TimeSpan.Zero }, CancellationToken.None);

        Assert.Contains(instanceId, swept.RetriedAfterFailure);
        var running = await HostFixture.Eventually(() => Engine.Instances.GetAsync(instanceId, CancellationToken.None),
            j => j is { Status: JourneyRuntimeStatus.Running, State.Enrollment: not null }, "the restarted journey to run and enroll the lead");
        Assert.Equal(lead.OwnerRepId, running.State!.OwnerRepId);
        await AssertStillMovesAsync(id);
        Assert.Single(Api.OutboxTo(await host.OutboxAsync(), lead.Profile.Email), m => m.Str("subject")!.StartsWith("Welcome", StringComparison.Ordinal));
    }

    private async Task<TableEntity> RowAsync(string instanceId) => (await InstancesTable.GetEntityAsync<TableEntity>(instanceId, string.Empty)).Value;

    private async Task<string> PostAndWaitForStateAsync(string email)
    {
        var posted = await Api.PostLeadAsync(host.Client, new { email, firstName = "Kim", country = "DE", employees = "700" });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var id = await Api.LeadIdAsync(posted);
        await HostFixture.Eventually(() => Engine.Instances.GetAsync(JourneyNames.InstanceId(id), CancellationToken.None),
            j => j is { Status: JourneyRuntimeStatus.Running, State.Enrollment: not null }, "the journey to run and enroll the lead");
        return id;
    }

    /// <summary>A customer action still reaches the journey and moves the lead.</summary>
    private async Task AssertStillMovesAsync(string id)
    {
        var action = await host.Client.PostAsJsonAsync($"/api/leads/{id}/actions", new { type = "meeting_booked", id = "pending-" + id });
        Assert.Equal(HttpStatusCode.Accepted, action.StatusCode);
        await HostFixture.Eventually(() => host.GetLeadAsync(id), l => l.Str("stage") == "initial-contact", "the meeting to move the stage");
    }
}

/// <summary>A Host whose own pending-journey sweep does not run during a test (the tests call it).</summary>
public sealed class NoSweepHost : HostFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => new Dictionary<string, string?>
    {
        ["Host:PendingJourneySweepSeconds"] = "86400",
    };
}
