using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Journeys;
using Microsoft.DurableTask;
using Moq;

namespace FunnelAutomation.Functions.Tests.Journeys;

/// <summary>A mocked <see cref="TaskOrchestrationContext"/> that records what the orchestrator asks of it:
/// the decide activity (the real turn loop, its configuration from the real sample), timers, event waits and ContinueAsNew.</summary>
internal sealed class OrchestrationHarness
{
    private readonly TaskCompletionSource<JourneyEvent> _never = new();
    private readonly TaskCompletionSource<JourneyEvent> _late = new();
    private readonly TaskCompletionSource _neverTimer = new();
    private readonly JourneyOrchestrationInput _input;

    public OrchestrationHarness(JourneyOrchestrationInput input, DateTimeOffset now)
    {
        Context.SetupGet(c => c.InstanceId).Returns(JourneyNames.InstanceId(SampleJourney.LeadId));
        Context.SetupGet(c => c.CurrentUtcDateTime).Returns(() => Now.UtcDateTime);
        Now = now;
        _input = input;
        Context.Setup(c => c.GetInput<JourneyOrchestrationInput>()).Returns(input);

        // The decide activity runs the real turn loop; only its two effects (reading configuration, carrying out
        // commands) are answered here, from the sample configuration and FollowUps, and recorded.
        Context.Setup(c => c.CallActivityAsync<JourneyTurnResult>(
                It.Is<TaskName>(n => n.Name == JourneyNames.DecideActivity), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? request, TaskOptions? options) =>
            {
                CommandOptions.Add(options);
                return JourneyTurnLoop.RunAsync(
                    (JourneyTurnRequest)request!,
                    (asked, _) =>
                    {
                        ContextRequests.Add(asked);
                        return Task.FromResult(JourneyContextSnapshot.From(SampleJourney.Context, asked.Pinned, asked.CatchUpFrom is null ? null : MissedAtStart));
                    },
                    (decision, _) =>
                    {
                        Dispatched.AddRange(decision.Commands);
                        Decisions.Add(decision.Commands);
                        return Task.FromResult(decision.Commands.SelectMany(FollowUps).ToArray());
                    },
                    CancellationToken.None);
            });

        Context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Returns((DateTime fireAt, CancellationToken token) =>
            {
                Timers.Add((fireAt, token));
                if (Timers.Count <= TimersThatFire)
                {
                    return Task.CompletedTask;
                }

                // The event comes while the orchestrator is busy after its timer fired: the waiter it already holds gets it.
                if (EventAfterTimer is { } late)
                {
                    _late.TrySetResult(new JourneyEvent(late));
                }

                return _neverTimer.Task;
            });

        Context.Setup(c => c.WaitForExternalEvent<JourneyEvent>(JourneyNames.InputEvent, It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                EventWaits++;
                return NextEvent is { } input ? Task.FromResult(new JourneyEvent(input)) : EventAfterTimer is not null ? _late.Task : _never.Task;
            });

        Context.Setup(c => c.ContinueAsNew(It.IsAny<object?>(), It.IsAny<bool>()))
            .Callback((object? next, bool _) => ContinuedWith.Add((JourneyOrchestrationInput)next!));

        Context.Setup(c => c.SetCustomStatus(It.IsAny<object?>()))
            .Callback((object? status) => CustomStatus = (JourneyState?)status);
    }

    public Mock<TaskOrchestrationContext> Context { get; } = new(MockBehavior.Strict);

    public DateTimeOffset Now { get; set; }

    /// <summary>The event the orchestration receives; null: none comes.</summary>
    public JourneyInput? NextEvent { get; set; }

    /// <summary>True: the first timer fires at once (and no event comes first); later ones never fire.</summary>
    public bool TimerFires
    {
        get => TimersThatFire > 0;
        set => TimersThatFire = value ? 1 : 0;
    }

    public int TimersThatFire { get; set; }

    /// <summary>An event raised after the fired timers, while the orchestrator carries out their commands.</summary>
    public JourneyInput? EventAfterTimer { get; set; }

    /// <summary>How many event waiters the orchestrator registered (one per run: a second would swallow events).</summary>
    public int EventWaits { get; private set; }

    /// <summary>The commands of each decision activity call.</summary>
    public List<IReadOnlyList<JourneyCommand>> Decisions { get; } = [];

    /// <summary>What the command activity answers for a command (default: nothing).</summary>
    public Func<JourneyCommand, JourneyInput[]> FollowUps { get; set; } = _ => [];

    public List<JourneyCommand> Dispatched { get; } = [];

    /// <summary>The options each decide activity call was made with (its retry policy).</summary>
    public List<TaskOptions?> CommandOptions { get; } = [];

    public List<JourneyContextRequest> ContextRequests { get; } = [];

    /// <summary>What the context activity reports a new journey missed before it ran (see <see cref="JourneyCatchUp"/>).</summary>
    public List<JourneyInput> MissedAtStart { get; } = [];

    public List<(DateTime FireAt, CancellationToken Token)> Timers { get; } = [];

    public List<JourneyOrchestrationInput> ContinuedWith { get; } = [];

    public JourneyState? CustomStatus { get; private set; }

    public Task<JourneyState?> RunAsync() => new JourneyOrchestrator().RunAsync(Context.Object, _input);
}
