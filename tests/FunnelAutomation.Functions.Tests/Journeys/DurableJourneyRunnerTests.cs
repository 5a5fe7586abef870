using FunnelAutomation.Application.Journeys;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Journeys;
using Microsoft.Extensions.Time.Testing;

namespace FunnelAutomation.Functions.Tests.Journeys;

/// <summary>The runner both hosts share, over a recorded stand-in for the engine's instance operations.</summary>
public class DurableJourneyRunnerTests
{
    private static readonly DateTimeOffset Now = SampleJourney.Start;
    private readonly FakeInstances _instances = new();
    private readonly FakeRestarts _restarts = new();
    private readonly DurableJourneyRunner _runner;

    public DurableJourneyRunnerTests() => _runner = new DurableJourneyRunner(_instances, _restarts, new FakeTimeProvider(Now));

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

    [Theory]
    [InlineData(JourneyRuntimeStatus.Running)]
    [InlineData(JourneyRuntimeStatus.Completed)]
    public async Task A_start_leaves_a_running_or_finished_journey_alone(JourneyRuntimeStatus status)
    {
        _instances.Existing = new JourneyInstance(status, null, Now.AddHours(-1));

        await _runner.StartAsync(SampleJourney.Started(), CancellationToken.None);

        Assert.Empty(_instances.Scheduled);
    }

    [Fact]
    public async Task A_repeated_start_schedules_a_pending_journey_again_replacing_it()
    {
        _instances.Existing = new JourneyInstance(JourneyRuntimeStatus.Pending, null, Now.AddSeconds(-5));

        await _runner.StartAsync(SampleJourney.Started(), CancellationToken.None);

        Assert.True(Assert.Single(_instances.Scheduled).ReplacePending);
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
    [InlineData(5, false)]
    [InlineData(45, true)]
    public async Task An_input_restarts_a_pending_journey_only_once_it_is_orphaned(int pendingSeconds, bool restarted)
    {
        _instances.Existing = new JourneyInstance(JourneyRuntimeStatus.Pending, null, Now.AddSeconds(-pendingSeconds));

        await _runner.RaiseAsync(SampleJourney.LeadId, new RepTouched(Now, "rep-1"), CancellationToken.None);

        Assert.Equal(restarted, _instances.Scheduled.Count == 1);
        Assert.Single(_instances.Raised);
    }

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

        public Task<JourneyInstance?> GetAsync(string instanceId, CancellationToken cancellationToken) => Task.FromResult(Existing);

        public Task<bool> TryScheduleAsync(string instanceId, JourneyOrchestrationInput input, bool replacePending, CancellationToken cancellationToken)
        {
            Calls.Add("schedule");
            Scheduled.Add((instanceId, input, replacePending));
            return Task.FromResult(true);
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
