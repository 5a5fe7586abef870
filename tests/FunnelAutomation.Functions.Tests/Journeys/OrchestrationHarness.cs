using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Journeys;
using Microsoft.DurableTask;
using Moq;

namespace FunnelAutomation.Functions.Tests.Journeys;

/// <summary>A mocked <see cref="TaskOrchestrationContext"/> that records what the orchestrator asks of it:
/// activities (answered from the real sample configuration), timers, event waits and ContinueAsNew.</summary>
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

        Context.Setup(c => c.CallActivityAsync<JourneyContextSnapshot>(
                It.Is<TaskName>(n => n.Name == JourneyNames.LoadContextActivity), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? request, TaskOptions? _) =>
            {
                var asked = (JourneyContextRequest)request!;
                ContextRequests.Add(asked);
                return Task.FromResult(JourneyContextSnapshot.From(SampleJourney.Context, asked.Pinned, asked.CatchUpFrom is null ? null : MissedAtStart));
            });

        Context.Setup(c => c.CallActivityAsync<JourneyInput[]>(
                It.Is<TaskName>(n => n.Name == JourneyNames.ExecuteDecisionActivity), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? request, TaskOptions? options) =>
            {
                var commands = ((JourneyDecisionRequest)request!).Commands;
                Dispatched.AddRange(commands);
                Decisions.Add(commands);
                CommandOptions.Add(options);
                return Task.FromResult(commands.SelectMany(FollowUps).ToArray());
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

    /// <summary>The options each command activity was called with (its retry policy).</summary>
    public List<TaskOptions?> CommandOptions { get; } = [];

    public List<JourneyContextRequest> ContextRequests { get; } = [];

    /// <summary>What the context activity reports a new journey missed before it ran (see <see cref="JourneyCatchUp"/>).</summary>
    public List<JourneyInput> MissedAtStart { get; } = [];

    public List<(DateTime FireAt, CancellationToken Token)> Timers { get; } = [];

    public List<JourneyOrchestrationInput> ContinuedWith { get; } = [];

    public JourneyState? CustomStatus { get; private set; }

    public Task<JourneyState?> RunAsync() => new JourneyOrchestrator().RunAsync(Context.Object, _input);
}
