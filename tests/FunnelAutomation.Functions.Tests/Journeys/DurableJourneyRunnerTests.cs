using FunnelAutomation.Application.Journeys;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Journeys;

namespace FunnelAutomation.Functions.Tests.Journeys;

/// <summary>The runner both hosts share, over a recorded stand-in for the engine's instance operations.</summary>
public class DurableJourneyRunnerTests
{
    private static readonly DateTimeOffset Now = SampleJourney.Start;
    private readonly FakeInstances _instances = new();
    private readonly FakeRestarts _restarts = new();
    private readonly DurableJourneyRunner _runner;

    public DurableJourneyRunnerTests() => _runner = new DurableJourneyRunner(_instances, _restarts);

    private static string Instance => JourneyNames.InstanceId(SampleJourney.LeadId);

    [Theory]
    [InlineData(JourneyRuntimeStatus.Failed)]
    [InlineData(JourneyRuntimeStatus.Terminated)]
    public async Task A_start_restarts_a_journey_that_failed_or_was_terminated(JourneyRuntimeStatus status)
    {
        _instances.Existing = new JourneyInstance(status, null, Now.AddHours(-1));

        await _runner.StartAsync(SampleJourney.Started(), CancellationToken.None);

        var (id, input, _) = Assert.Single(_instances.Scheduled);
        Assert.Equal(Instance, id);
        Assert.IsType<JourneyStarted>(input.Pending);
    }

    [Fact]
    public async Task A_new_journeys_first_turn_is_taken_before_its_instance_is_created_without_reading_the_action_log()
    {
        var executed = new List<JourneyCommand>();
        var catchUp = new CountingCatchUp();
        var runner = new DurableJourneyRunner(_instances, _restarts, Activities(executed, catchUp, fail: false));

        await runner.StartAsync(SampleJourney.Started(), CancellationToken.None);

        var (_, input, _) = Assert.Single(_instances.Scheduled);
        Assert.Null(input.Pending); // nothing left for the engine to decide: its first episode only sets the timer
        Assert.NotNull(input.State?.Enrollment);
        Assert.NotNull(input.WakeAt);
        Assert.Contains(executed, c => c is SendEmail); // the welcome went out before the instance was created
        Assert.Equal(0, catchUp.Reads);
    }

    [Fact]
    public async Task A_lead_just_created_starts_without_a_look_at_the_engine_and_its_first_turn_is_given_the_lead()
    {
        var executor = new RecordingExecutor([], fail: false);
        var runner = new DurableJourneyRunner(_instances, _restarts, new JourneyActivities(executor, new SampleContexts(), new CountingCatchUp()));
        var created = new CreatedLead(new Core.Leads.Lead
        {
            Id = SampleJourney.LeadId,
            Profile = new Core.Leads.LeadProfile { Email = "ada@example.com" },
            CreatedAt = Now,
            UpdatedAt = Now,
        }, AddressSuppressed: false);

        await runner.StartAsync(SampleJourney.Started(), created, CancellationToken.None);

        Assert.Equal(0, _instances.Reads); // no journey can exist for a lead that did not
        Assert.Null(Assert.Single(_instances.Scheduled).Input.Pending);
        Assert.NotEmpty(executor.Given);
        Assert.All(executor.Given, given => Assert.Same(created, given)); // every command of the turn had the lead as written

        // Any other start still looks first, and leaves a live journey alone.
        _instances.Existing = new JourneyInstance(JourneyRuntimeStatus.Running, null, Now);
        await runner.StartAsync(SampleJourney.Started(), CancellationToken.None);
        Assert.Equal(1, _instances.Reads);
        Assert.Single(_instances.Scheduled);
    }

    [Fact]
    public async Task A_first_turn_that_fails_leaves_the_start_to_the_engine_and_its_retries()
    {
        var runner = new DurableJourneyRunner(_instances, _restarts, Activities([], new CountingCatchUp(), fail: true));

        await runner.StartAsync(SampleJourney.Started(), CancellationToken.None);

        var (_, input, _) = Assert.Single(_instances.Scheduled);
        Assert.IsType<JourneyStarted>(input.Pending);
        Assert.Null(input.State);
    }

    private static JourneyActivities Activities(List<JourneyCommand> executed, CountingCatchUp catchUp, bool fail) =>
        new(new RecordingExecutor(executed, fail), new SampleContexts(), catchUp);

    private sealed class RecordingExecutor(List<JourneyCommand> executed, bool fail) : IJourneyCommandExecutor
    {
        /// <summary>The created lead each command was carried out with (the first turn's).</summary>
        public List<CreatedLead?> Given { get; } = [];

        public Task<IReadOnlyList<JourneyInput>> ExecuteAsync(JourneyCommand command, CreatedLead? created, CancellationToken cancellationToken)
        {
            Given.Add(created);
            return ExecuteAsync(command, cancellationToken);
        }

        public Task<IReadOnlyList<JourneyInput>> ExecuteAsync(JourneyCommand command, CancellationToken cancellationToken)
        {
            if (fail)
            {
                throw new InvalidOperationException("SendGrid is down");
            }

            executed.Add(command);
            return Task.FromResult<IReadOnlyList<JourneyInput>>([]);
        }
    }

    private sealed class SampleContexts : IJourneyContextProvider
    {
        public Task<JourneyContext> GetAsync(string pipelineId, CancellationToken cancellationToken) => Task.FromResult(SampleJourney.Context);
    }

    private sealed class CountingCatchUp : IJourneyCatchUpSource
    {
        public int Reads { get; private set; }

        public Task<IReadOnlyList<JourneyInput>> MissedAsync(JourneyStarted started, CancellationToken cancellationToken)
        {
            Reads++;
            return Task.FromResult<IReadOnlyList<JourneyInput>>([]);
        }
    }

    [Theory]
    [InlineData(JourneyRuntimeStatus.Running)]
    [InlineData(JourneyRuntimeStatus.Completed)]
    public async Task A_start_leaves_a_running_or_finished_journey_alone(JourneyRuntimeStatus status)
    {
        _instances.Existing = new JourneyInstance(status, null, Now.AddHours(-1));

        await _runner.StartAsync(SampleJourney.Started(), CancellationToken.None);

        Assert.Empty(_instances.Scheduled);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(3600)]
    public async Task A_repeated_start_leaves_a_pending_journey_to_the_engine_however_old(int pendingSeconds)
    {
        // Its start message was put before its row: the engine runs it, and may be running it already.
        _instances.Existing = new JourneyInstance(JourneyRuntimeStatus.Pending, null, Now.AddSeconds(-pendingSeconds));

        await _runner.StartAsync(SampleJourney.Started(), CancellationToken.None);

        Assert.Empty(_instances.Scheduled);
    }

    [Fact]
    public async Task An_input_to_a_dead_journey_restarts_it_from_the_lead_first_then_is_raised()
    {
        _instances.Existing = new JourneyInstance(JourneyRuntimeStatus.Failed, null, Now.AddDays(-1));
        var touched = new RepTouched(Now, "rep-1");

        await _runner.RaiseAsync(SampleJourney.LeadId, touched, CancellationToken.None);

        Assert.Same(_restarts.Started, Assert.Single(_instances.Scheduled).Input.Pending);
        Assert.Equal(["schedule", "raise"], _instances.Calls);
        Assert.Same(touched, Assert.Single(_instances.Raised).Input);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(3600)]
    public async Task An_input_to_a_pending_journey_is_raised_without_recreating_it(int pendingSeconds)
    {
        _instances.Existing = new JourneyInstance(JourneyRuntimeStatus.Pending, null, Now.AddSeconds(-pendingSeconds));

        await _runner.RaiseAsync(SampleJourney.LeadId, new RepTouched(Now, "rep-1"), CancellationToken.None);

        Assert.Empty(_instances.Scheduled);
        Assert.Single(_instances.Raised);
    }

    [Fact]
    public async Task The_sweep_nudges_a_pending_journey_that_has_made_decisions_and_recreates_nothing()
    {
        // A kill between the first episode's History and Instances writes: the journey runs, its row says Pending.
        _instances.Pending.Add(new ListedJourney(Instance, new JourneyInstance(JourneyRuntimeStatus.Pending, SampleJourney.State(), Now.AddMinutes(-30))));

        var swept = await _runner.SweepAsync(Now, JourneySweepTimes.Default, CancellationToken.None);

        Assert.Equal([Instance], swept.Nudged);
        Assert.Empty(swept.Restarted);
        Assert.IsType<TimerFired>(Assert.Single(_instances.Raised).Input);
        Assert.Equal(["list", "raise", "list failed"], _instances.Calls);
    }

    [Fact]
    public async Task The_sweep_terminates_a_journey_that_never_decided_then_starts_it_from_the_lead()
    {
        _instances.Pending.Add(new ListedJourney(Instance, new JourneyInstance(JourneyRuntimeStatus.Pending, null, Now.AddMinutes(-30))));

        var swept = await _runner.SweepAsync(Now, JourneySweepTimes.Default, CancellationToken.None);

        Assert.Empty(swept.Nudged);
        Assert.Equal([Instance], swept.Restarted);
        Assert.Equal(["list", "terminate", "schedule", "list failed"], _instances.Calls);
        var (id, input, replacePending) = Assert.Single(_instances.Scheduled);
        Assert.Equal(Instance, id);
        Assert.Same(_restarts.Started, input.Pending);
        Assert.False(replacePending);
    }

    [Fact]
    public async Task The_sweep_overwrites_a_never_started_journey_only_when_the_terminate_left_it_pending()
    {
        _instances.Pending.Add(new ListedJourney(Instance, new JourneyInstance(JourneyRuntimeStatus.Pending, null, Now.AddMinutes(-30))));
        _instances.RefuseScheduleUnlessReplacing = true;

        var swept = await _runner.SweepAsync(Now, JourneySweepTimes.Default, CancellationToken.None);

        Assert.Empty(swept.Nudged);
        Assert.Equal([Instance], swept.Restarted);
        Assert.Equal([false, true], _instances.Scheduled.Select(s => s.ReplacePending));
    }

    [Fact]
    public async Task The_sweep_asks_only_for_journeys_pending_longer_than_the_bound()
    {
        await _runner.SweepAsync(Now, JourneySweepTimes.Default with { StalledAfter = TimeSpan.FromMinutes(10) }, CancellationToken.None);

        Assert.Equal(Now.AddMinutes(-10), _instances.ListedBefore);
    }

    [Fact]
    public async Task The_sweep_restarts_from_the_lead_a_journey_that_failed_long_enough_ago_and_leaves_a_recent_failure()
    {
        var old = JourneyNames.InstanceId("ld_failed_old");
        _instances.Failed.Add(new ListedJourney(old, new JourneyInstance(JourneyRuntimeStatus.Failed, SampleJourney.State(), Now.AddDays(-3), Now.AddMinutes(-61))));
        _instances.Failed.Add(new ListedJourney(JourneyNames.InstanceId("ld_failed_recent"), new JourneyInstance(JourneyRuntimeStatus.Failed, SampleJourney.State(), Now.AddDays(-3), Now.AddMinutes(-59))));

        var swept = await _runner.SweepAsync(Now, JourneySweepTimes.Default, CancellationToken.None);

        Assert.Equal([old], swept.RetriedAfterFailure);
        Assert.Empty(swept.Restarted);
        var (id, input, replacePending) = Assert.Single(_instances.Scheduled);
        Assert.Equal(old, id);
        Assert.Same(_restarts.Started, input.Pending);
        Assert.False(replacePending);
        Assert.Equal(["list", "list failed", "schedule"], _instances.Calls);
        Assert.Contains("1 that had failed restarted", swept.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(JourneyRuntimeStatus.Failed, 60, true)]
    [InlineData(JourneyRuntimeStatus.Failed, 59, false)]
    [InlineData(JourneyRuntimeStatus.Terminated, 600, false)]
    [InlineData(JourneyRuntimeStatus.Running, 600, false)]
    public void A_failed_journey_is_due_for_a_restart_only_an_interval_after_it_failed(JourneyRuntimeStatus status, int minutesSinceUpdate, bool due)
    {
        // Created long ago; what counts is when it failed, so a fault that fails each restart again is retried once an interval.
        var instance = new JourneyInstance(status, null, Now.AddDays(-30), Now.AddMinutes(-minutesSinceUpdate));

        Assert.Equal(due, FailedJourneyRecovery.IsDue(instance, Now, TimeSpan.FromHours(1)));
    }

    [Theory]
    [InlineData(JourneyRuntimeStatus.Pending, true, 9, PendingJourneyAction.None)]
    [InlineData(JourneyRuntimeStatus.Pending, true, 11, PendingJourneyAction.Nudge)]
    [InlineData(JourneyRuntimeStatus.Pending, false, 11, PendingJourneyAction.Restart)]
    [InlineData(JourneyRuntimeStatus.Running, false, 60, PendingJourneyAction.None)]
    [InlineData(JourneyRuntimeStatus.Failed, false, 60, PendingJourneyAction.None)]
    public void Recovery_acts_only_on_a_journey_pending_past_the_bound_and_never_recreates_one_that_decided(JourneyRuntimeStatus status, bool decided, int minutes, PendingJourneyAction expected)
    {
        var instance = new JourneyInstance(status, decided ? SampleJourney.State() : null, Now.AddMinutes(-minutes));

        Assert.Equal(expected, PendingJourneyRecovery.For(instance, Now, TimeSpan.FromMinutes(10)));
    }

    [Theory]
    [InlineData("journey-ld_1", "ld_1")]
    [InlineData("journey-", null)]
    [InlineData("other-ld_1", null)]
    public void A_lead_id_is_read_back_from_its_journey_instance_id(string instanceId, string? leadId) =>
        Assert.Equal(leadId, JourneyNames.LeadId(instanceId));

    [Fact]
    public async Task Erase_terminates_a_running_journey_and_purges_it()
    {
        _instances.Existing = new JourneyInstance(JourneyRuntimeStatus.Running, null, Now.AddDays(-1));

        Assert.True(await _runner.EraseAsync(SampleJourney.LeadId, CancellationToken.None));

        Assert.Equal(["terminate", "purge"], _instances.Calls);
    }

    private sealed class FakeRestarts : IJourneyRestarts
    {
        public JourneyStarted Started { get; } = SampleJourney.Started();

        public Task<JourneyStarted?> FromLeadAsync(string leadId, CancellationToken cancellationToken) => Task.FromResult<JourneyStarted?>(Started);
    }

    private sealed class FakeInstances : IJourneyInstances
    {
        public JourneyInstance? Existing { get; set; }

        public List<(string Id, JourneyOrchestrationInput Input, bool ReplacePending)> Scheduled { get; } = [];

        public List<JourneyEvent> Raised { get; } = [];

        public List<string> Calls { get; } = [];

        public List<ListedJourney> Pending { get; } = [];

        public List<ListedJourney> Failed { get; } = [];

        public DateTimeOffset? ListedBefore { get; private set; }

        /// <summary>As the engine answers while the instance is still pending: only an overwrite schedules it.</summary>
        public bool RefuseScheduleUnlessReplacing { get; set; }

        public int Reads { get; private set; }

        public Task<JourneyInstance?> GetAsync(string instanceId, CancellationToken cancellationToken)
        {
            Reads++;
            return Task.FromResult(Existing);
        }

        public Task<bool> TryScheduleAsync(string instanceId, JourneyOrchestrationInput input, bool replacePending, CancellationToken cancellationToken)
        {
            Calls.Add("schedule");
            Scheduled.Add((instanceId, input, replacePending));
            return Task.FromResult(replacePending || !RefuseScheduleUnlessReplacing);
        }

        public async IAsyncEnumerable<ListedJourney> ListAsync(JourneyRuntimeStatus status, DateTimeOffset createdBefore, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var failed = status == JourneyRuntimeStatus.Failed;
            Calls.Add(failed ? "list failed" : "list");
            if (!failed)
            {
                ListedBefore = createdBefore;
            }

            foreach (var listed in failed ? Failed : Pending)
            {
                await Task.Yield();
                yield return listed;
            }
        }

        public Task RaiseAsync(string instanceId, JourneyEvent journeyEvent, CancellationToken cancellationToken)
        {
            Calls.Add("raise");
            Raised.Add(journeyEvent);
            return Task.CompletedTask;
        }

        public Task TerminateAsync(string instanceId, string reason, CancellationToken cancellationToken)
        {
            Calls.Add("terminate");
            return Task.CompletedTask;
        }

        public Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken)
        {
            Calls.Add("purge");
            return Task.FromResult(true);
        }
    }
}
