using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Journeys;

namespace FunnelAutomation.Functions.Tests.Journeys;

public class JourneyOrchestratorTests
{
    private static readonly DateTimeOffset MeetingAt = SampleJourney.Start.AddHours(1);

    [Fact]
    public async Task A_new_journey_sends_the_welcome_email_waits_for_its_timer_advances_on_a_booked_meeting_and_continues_as_new()
    {
        var harness = new OrchestrationHarness(new JourneyOrchestrationInput(null, SampleJourney.Started()), SampleJourney.Start)
        {
            NextEvent = SampleJourney.Acted(CustomerActionTypes.MeetingBooked, MeetingAt),
        };
        var expectedWake = JourneyDecider.Decide(SampleJourney.Context, null, SampleJourney.Started()).Commands.OfType<WakeAt>().Single().At;

        await harness.RunAsync();

        // The welcome email went out through the command activity.
        var welcome = Assert.Single(harness.Dispatched.OfType<SendEmail>());
        Assert.Equal(("welcome-nurture", "welcome", SampleJourney.LeadId), (welcome.SequenceId, welcome.StepId, welcome.LeadId));

        // It waited on a durable timer at the time the decider asked for, and the event cancelled it.
        var timer = Assert.Single(harness.Timers);
        Assert.Equal(expectedWake.UtcDateTime, timer.FireAt);
        Assert.True(timer.Token.IsCancellationRequested);

        // The booked meeting moved the lead to the next stage.
        var advance = Assert.Single(harness.Dispatched.OfType<AdvanceStage>());
        Assert.Equal(("initial-contact", CustomerActionTypes.MeetingBooked), (advance.Stage, advance.Cause));

        // WakeAt and Complete belong to the orchestrator, never to the activity.
        Assert.DoesNotContain(harness.Dispatched, c => c is WakeAt or Complete);

        // And it continued as new with the new state, nothing pending.
        var next = Assert.Single(harness.ContinuedWith);
        Assert.Null(next.Pending);
        Assert.NotNull(next.State);
        Assert.Equal("initial-contact", next.State.Stage);
        Assert.Equal(SampleJourney.LeadId, next.State.LeadId);
        Assert.Equal(next.State, harness.CustomStatus);
    }

    [Fact]
    public async Task Every_command_activity_is_called_with_a_back_off_retry_policy_so_one_failure_does_not_end_the_journey()
    {
        var harness = new OrchestrationHarness(new JourneyOrchestrationInput(null, SampleJourney.Started()), SampleJourney.Start)
        {
            NextEvent = SampleJourney.Acted(CustomerActionTypes.MeetingBooked, MeetingAt),
        };

        await harness.RunAsync();

        Assert.NotEmpty(harness.CommandOptions);
        Assert.All(harness.CommandOptions, options =>
        {
            var policy = options?.Retry?.Policy;
            Assert.NotNull(policy);
            Assert.True(policy.MaxNumberOfAttempts >= 5);
            Assert.True(policy.BackoffCoefficient > 1);
        });
    }

    [Fact]
    public async Task The_orchestrator_dispatches_exactly_what_the_decider_decides_in_order()
    {
        var harness = new OrchestrationHarness(new JourneyOrchestrationInput(null, SampleJourney.Started()), SampleJourney.Start)
        {
            NextEvent = SampleJourney.Acted(CustomerActionTypes.MeetingBooked, MeetingAt),
        };

        await harness.RunAsync();

        var first = JourneyDecider.Decide(SampleJourney.Context, null, SampleJourney.Started());
        // The orchestrator decides on the engine's clock, not the time the input carries.
        var second = JourneyDecider.Decide(SampleJourney.Context, first.State, harness.NextEvent! with { At = harness.Now });
        var expected = first.Commands.Concat(second.Commands).Where(c => c is not (WakeAt or Complete)).ToList();
        SameJson.Commands(expected, harness.Dispatched);
        SameJson.Equal(second.State, harness.ContinuedWith.Single().State);
    }

    [Fact]
    public async Task When_the_timer_fires_first_the_decider_gets_TimerFired_at_the_orchestration_time()
    {
        var started = JourneyDecider.Decide(SampleJourney.Context, null, SampleJourney.Started());
        var wake = started.Commands.OfType<WakeAt>().Single().At;
        var opened = SampleJourney.Acted(CustomerActionTypes.EmailOpened, wake);
        var harness = new OrchestrationHarness(new JourneyOrchestrationInput(started.State, null, wake), wake)
        {
            TimerFires = true,
            EventAfterTimer = opened,
        };

        await harness.RunAsync();

        var expected = JourneyDecider.Decide(SampleJourney.Context, started.State, new TimerFired(wake));
        Assert.IsType<NotifyManager>(harness.Dispatched[0]);
        SameJson.Commands(expected.Commands.Where(c => c is not (WakeAt or Complete)), harness.Decisions[0]);
        // After the timer the run kept its one waiter and waited again; the event it then got was decided, not lost.
        Assert.Equal(1, harness.EventWaits);
        Assert.Equal(2, harness.Timers.Count);
        Assert.Equal(expected.Commands.OfType<WakeAt>().LastOrDefault()?.At.UtcDateTime, harness.Timers[1].FireAt);
        var next = Assert.Single(harness.ContinuedWith);
        SameJson.Equal(JourneyDecider.Decide(SampleJourney.Context, expected.State, opened).State, next.State);
        Assert.Contains(opened.Action.Id, next.State!.SeenActionIds);
    }

    [Fact]
    public async Task A_run_never_continues_as_new_while_its_event_waiter_is_unused()
    {
        // Two timers in a row, then the event: still one waiter, and ContinueAsNew only after the event took it.
        var started = JourneyDecider.Decide(SampleJourney.Context, null, SampleJourney.Started());
        var wake = started.Commands.OfType<WakeAt>().Single().At;
        var harness = new OrchestrationHarness(new JourneyOrchestrationInput(started.State, null, wake), wake)
        {
            TimersThatFire = 2,
            EventAfterTimer = SampleJourney.Acted(CustomerActionTypes.MeetingBooked, wake),
        };

        await harness.RunAsync();

        Assert.Equal(1, harness.EventWaits);
        Assert.Equal(3, harness.Timers.Count);
        Assert.Equal("initial-contact", Assert.Single(harness.ContinuedWith).State!.Stage);
    }

    [Fact]
    public async Task Follow_up_inputs_from_a_command_are_fed_back_to_the_decider_in_the_same_turn()
    {
        // Past the rep SLA the decider reassigns; the executor answers with the new owner.
        var started = JourneyDecider.Decide(SampleJourney.Context, null, SampleJourney.Started());
        var slaDue = started.State.SlaDueAt!.Value;
        var harness = new OrchestrationHarness(new JourneyOrchestrationInput(started.State, null, slaDue), slaDue)
        {
            TimerFires = true,
            FollowUps = c => c is Reassign ? [new LeadAssigned(slaDue, "rep-2")] : [],
            EventAfterTimer = SampleJourney.Acted(CustomerActionTypes.EmailOpened, slaDue),
        };

        await harness.RunAsync();

        Assert.Contains(harness.Dispatched, c => c is Reassign);
        var next = Assert.Single(harness.ContinuedWith);
        Assert.Equal("rep-2", next.State!.OwnerRepId);
        // The timer and the LeadAssigned the executor answered with share one configuration read; the event reads again.
        Assert.Equal(2, harness.ContextRequests.Count);
    }

    [Fact]
    public async Task A_journey_that_completes_returns_its_final_state_and_does_not_continue()
    {
        var harness = new OrchestrationHarness(new JourneyOrchestrationInput(null, SampleJourney.Started()), SampleJourney.Start)
        {
            NextEvent = SampleJourney.Acted(CustomerActionTypes.ContractSigned, MeetingAt),
        };

        var final = await harness.RunAsync();

        Assert.NotNull(final);
        Assert.True(final.Completed);
        Assert.Empty(harness.ContinuedWith);
        Assert.True(harness.CustomStatus!.Completed);
    }

    [Fact]
    public async Task A_running_enrollment_pins_its_sequence_version_in_the_context_request()
    {
        var started = JourneyDecider.Decide(SampleJourney.Context, null, SampleJourney.Started());
        var enrollment = started.State.Enrollment!;
        var harness = new OrchestrationHarness(new JourneyOrchestrationInput(started.State, null, null), MeetingAt)
        {
            NextEvent = SampleJourney.Acted(CustomerActionTypes.EmailOpened, MeetingAt),
        };

        await harness.RunAsync();

        var request = Assert.Single(harness.ContextRequests);
        Assert.Equal(new SequenceVersion(enrollment.SequenceId, enrollment.Version), Assert.Single(request.Pinned));
        // No wake was carried over, so the run waited for the event alone.
        Assert.Empty(harness.Timers);
    }

    [Fact]
    public async Task A_new_journey_decides_the_actions_it_missed_before_it_ran_right_after_its_start()
    {
        // The run starts 30 s after the start was asked for (its message was hidden): the catch-up still looks from
        // the start's own time, not from the engine's time the start is decided at.
        var harness = new OrchestrationHarness(new JourneyOrchestrationInput(null, SampleJourney.Started()), SampleJourney.Start.AddSeconds(30))
        {
            NextEvent = SampleJourney.Acted(CustomerActionTypes.EmailOpened, MeetingAt, "open-1"), // ends the run
        };
        harness.MissedAtStart.Add(SampleJourney.Acted(CustomerActionTypes.MeetingBooked, SampleJourney.Start.AddSeconds(5), "crm-1"));

        await harness.RunAsync();

        // The first context read named the start, once; the welcome and the missed meeting were decided in that turn.
        Assert.Equal(SampleJourney.Started(), Assert.Single(harness.ContextRequests, r => r.CatchUpFrom is not null).CatchUpFrom);
        Assert.Single(harness.Dispatched.OfType<SendEmail>(), e => e.StepId == "welcome");
        var advance = Assert.Single(harness.Dispatched.OfType<AdvanceStage>());
        Assert.Equal(("initial-contact", CustomerActionTypes.MeetingBooked), (advance.Stage, advance.Cause));
        Assert.Contains("crm-1", harness.CustomStatus!.SeenActionIds);
    }

    [Fact]
    public async Task A_continued_journey_does_not_catch_up_again()
    {
        var harness = new OrchestrationHarness(new JourneyOrchestrationInput(SampleJourney.State(), null), SampleJourney.Start)
        {
            NextEvent = SampleJourney.Acted(CustomerActionTypes.EmailOpened, MeetingAt),
        };
        harness.MissedAtStart.Add(SampleJourney.Acted(CustomerActionTypes.MeetingBooked, MeetingAt, "never-asked"));

        await harness.RunAsync();

        Assert.All(harness.ContextRequests, r => Assert.Null(r.CatchUpFrom));
        Assert.DoesNotContain(harness.Dispatched, c => c is AdvanceStage);
    }
}
