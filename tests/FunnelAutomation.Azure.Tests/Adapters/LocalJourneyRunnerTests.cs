using FunnelAutomation.Application.Journeys;
using FunnelAutomation.Azure.Journeys;
using FunnelAutomation.Azure.Queues;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Nurture;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Scoring;
using Microsoft.Extensions.Time.Testing;

namespace FunnelAutomation.Azure.Tests.Adapters;

[Collection(UsesAzurite.Name)]
public sealed class LocalJourneyRunnerTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 3, 9, 0, 0, TimeSpan.Zero); // Tuesday 10:00 Berlin

    private sealed class RecordingExecutor : IJourneyCommandExecutor
    {
        public List<JourneyCommand> Executed { get; } = [];

        public int FailNext { get; set; }

        public Task<IReadOnlyList<JourneyInput>> ExecuteAsync(JourneyCommand command, CancellationToken cancellationToken)
        {
            if (FailNext > 0)
            {
                FailNext--;
                throw new InvalidOperationException("simulated crash while carrying out " + command.Key);
            }

            Executed.Add(command);
            return Task.FromResult<IReadOnlyList<JourneyInput>>(command is Reassign ? [new LeadAssigned(Start, "r2")] : []);
        }
    }

    private sealed class SampleContexts : IJourneyContextProvider
    {
        private static string Sample(string path) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", path));

        public Task<JourneyContext> GetAsync(string pipelineId, CancellationToken cancellationToken) => Task.FromResult(new JourneyContext(
            PipelineDefinition.Load(Sample("pipelines/b2b-standard.json")).Value,
            new SequenceCatalog([SequenceDefinition.Load(Sample("sequences/welcome-nurture.json")).Value]),
            JourneySettings.Default));
    }

    private async Task<(LocalJourneyRunner Runner, QueueProcessor Events, RecordingExecutor Executor, FakeTimeProvider Clock, FunnelStorage Storage)> CreateAsync()
    {
        var clock = new FakeTimeProvider(Start);
        var storage = await azurite.NewStorageAsync(clock);
        var executor = new RecordingExecutor();
        var runner = new LocalJourneyRunner(storage.Journey<JourneyRecord>(), new JourneyTimerTable(storage.TableClient(storage.Names.JourneyTimers)),
            storage.Sender(QueueNames.JourneyEvents), new SampleContexts(), executor, clock);
        return (runner, storage.Processor(QueueNames.JourneyEvents, new QueueProcessorOptions { RetryDelay = TimeSpan.Zero }), executor, clock, storage);
    }

    private static async Task Drain(QueueProcessor events, LocalJourneyRunner runner)
    {
        for (var i = 0; i < 10; i++)
        {
            var batch = await events.ProcessBatchAsync((message, ct) => runner.HandleAsync(message.Envelope.GetPayload<JourneyEventMessage>(), ct));
            if (batch.Messages.Count == 0)
            {
                return;
            }
        }
    }

    private static JourneyStarted Started(string owner = "r1") =>
        new(Start, "ld_run", "b2b-standard", "prospect", 50, Grade.B, "website", owner, "Europe/Berlin", "DE");

    [Fact]
    public async Task A_started_journey_sends_the_welcome_and_keeps_its_state_in_the_table()
    {
        var (runner, events, executor, _, _) = await CreateAsync();

        await runner.StartAsync(Started(), default);
        await Drain(events, runner);

        Assert.Contains(executor.Executed, c => c is SendEmail { StepId: "welcome" });
        var state = await runner.GetStateAsync("ld_run", default);
        Assert.Equal("welcome-nurture", state!.Enrollment!.SequenceId);
    }

    [Fact]
    public async Task Timers_follow_the_hosts_clock_and_a_missed_sla_reassigns_through_a_follow_up_event()
    {
        var (runner, events, executor, clock, _) = await CreateAsync();
        await runner.StartAsync(Started(), default);
        await Drain(events, runner);

        clock.Advance(TimeSpan.FromHours(4));
        var fired = await runner.SweepTimersAsync(default);
        await Drain(events, runner);

        Assert.True(fired.Fired >= 1);
        Assert.Equal(0, fired.Failed);
        Assert.Contains(executor.Executed, c => c is Reassign r && r.ExcludedRepIds.Contains("r1"));
        Assert.Equal("r2", (await runner.GetStateAsync("ld_run", default))!.OwnerRepId);
        Assert.Contains(executor.Executed, c => c is NotifyRep { RepId: "r2" });
    }

    [Fact]
    public async Task A_crash_while_acting_loses_nothing_and_repeats_nothing_already_done()
    {
        var (runner, events, executor, _, _) = await CreateAsync();
        executor.FailNext = 1;

        await runner.StartAsync(Started(), default);
        await Drain(events, runner); // first attempt fails after the decision was stored; the retry flushes it
        await runner.RaiseAsync("ld_run", new CustomerActed(Start.AddMinutes(5), new CustomerAction("a1", CustomerActionTypes.MeetingBooked, Start)), default);
        await Drain(events, runner);

        Assert.Single(executor.Executed, c => c is SendEmail { StepId: "welcome" });
        Assert.Single(executor.Executed, c => c is AdvanceStage { Stage: "initial-contact" });
        Assert.Equal("initial-contact", (await runner.GetStateAsync("ld_run", default))!.Stage);
    }

    [Fact]
    public async Task A_timer_step_that_fails_stays_and_is_taken_by_the_next_sweep()
    {
        var (runner, events, executor, clock, _) = await CreateAsync();
        await runner.StartAsync(Started(), default);
        await Drain(events, runner);
        clock.Advance(TimeSpan.FromHours(4)); // the rep's SLA is missed
        executor.FailNext = 1;

        var failing = await runner.SweepTimersAsync(default);
        var reassignedAfterFailure = executor.Executed.Count(c => c is Reassign);
        var retried = await runner.SweepTimersAsync(default);
        await Drain(events, runner);

        Assert.Equal((0, 1), (failing.Fired, failing.Failed));
        Assert.Contains("simulated crash", failing.FirstError, StringComparison.Ordinal);
        Assert.Equal(0, reassignedAfterFailure);
        Assert.Equal((1, 0), (retried.Fired, retried.Failed));
        Assert.Single(executor.Executed, c => c is Reassign);
        Assert.Equal("r2", (await runner.GetStateAsync("ld_run", default))!.OwnerRepId);
    }

    [Fact]
    public async Task A_timer_whose_journey_was_erased_is_dropped_not_retried_forever()
    {
        var (runner, events, _, clock, storage) = await CreateAsync();
        await runner.StartAsync(Started(), default);
        await Drain(events, runner);
        await storage.Journeys.DeleteAsync("ld_run"); // GDPR erasure removes the journey, not its timers
        clock.Advance(TimeSpan.FromHours(4));

        var sweep = await runner.SweepTimersAsync(default);
        var again = await runner.SweepTimersAsync(default);

        Assert.Equal((1, 0), (sweep.Fired, sweep.Failed));
        Assert.Equal((0, 0), (again.Fired, again.Failed));
        Assert.Null(await runner.GetStateAsync("ld_run", default));
    }

    [Fact]
    public async Task An_event_that_overtakes_its_journeys_start_waits_for_it_without_using_up_its_retries()
    {
        var (runner, events, executor, _, _) = await CreateAsync();
        await runner.RaiseAsync("ld_run", new RepTouched(Start, "r1"), default);

        var early = await events.ProcessBatchAsync((message, ct) => runner.HandleAsync(message.Envelope.GetPayload<JourneyEventMessage>(), ct));
        Assert.Equal(MessageDisposition.Deferred, Assert.Single(early.Messages).Disposition);

        await runner.StartAsync(Started(), default);
        await Drain(events, runner);
        await Task.Delay(TimeSpan.FromSeconds(5.5)); // the deferred copy becomes visible again (queue time is real time)
        var late = await events.ProcessBatchAsync((message, ct) => runner.HandleAsync(message.Envelope.GetPayload<JourneyEventMessage>(), ct));

        var handled = Assert.Single(late.Messages);
        Assert.Equal(MessageDisposition.Processed, handled.Disposition);
        Assert.Single(executor.Executed.OfType<SendEmail>());
        Assert.NotNull(await runner.GetStateAsync("ld_run", default));
    }
}
