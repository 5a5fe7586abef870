using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Nurture;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Scoring;
using FunnelAutomation.Core.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace FunnelAutomation.Core.Tests.Journeys;

/// <summary>A minimal in-memory host for the decider: keeps the state, records every command, and fires
/// WakeAt timers as the fake clock passes them — what both real hosts do, minus storage.</summary>
internal sealed class JourneyDriver
{
    private readonly SortedSet<DateTimeOffset> _timers = [];
    private int _actions;

    public JourneyDriver(JourneyContext context, DateTimeOffset start)
    {
        Context = context;
        Clock = new FakeTimeProvider(start);
    }

    public JourneyContext Context { get; set; }

    public FakeTimeProvider Clock { get; }

    public JourneyState? State { get; private set; }

    public List<JourneyCommand> Commands { get; } = [];

    public IEnumerable<SendEmail> Emails => Commands.OfType<SendEmail>();

    /// <summary>Each email with the clock time at which it was commanded.</summary>
    public List<(DateTimeOffset At, SendEmail Email)> Sent { get; } = [];

    public static JourneyContext SampleContext(JourneySettings? settings = null, params SequenceDefinition[] extra) =>
        new(PipelineDefinition.Load(Samples.Read("pipelines/b2b-standard.json")).Value,
            new SequenceCatalog([
                SequenceDefinition.Load(Samples.Read("sequences/welcome-nurture.json")).Value,
                SequenceDefinition.Load(Samples.Read("sequences/win-back.json")).Value,
                .. extra,
            ]),
            settings ?? JourneySettings.Default);

    public IReadOnlyList<JourneyCommand> Start(string? owner = "rep-1", string? timeZone = "Europe/Berlin", string? country = "DE", Grade grade = Grade.B) =>
        Feed(new JourneyStarted(Clock.GetUtcNow(), "ld_1", "b2b-standard", "prospect", 55, grade, "website", owner, timeZone, country));

    public IReadOnlyList<JourneyCommand> Act(string type, string? url = null, string? reason = null, string? id = null) =>
        Feed(new CustomerActed(Clock.GetUtcNow(), new CustomerAction(id ?? $"act-{++_actions}", type, Clock.GetUtcNow(), url, Reason: reason)));

    public IReadOnlyList<JourneyCommand> Feed(JourneyInput input)
    {
        var decision = JourneyDecider.Decide(Context, State, input);
        State = decision.State;
        Commands.AddRange(decision.Commands);
        Sent.AddRange(decision.Commands.OfType<SendEmail>().Select(e => (input.At, e)));
        foreach (var wake in decision.Commands.OfType<WakeAt>())
        {
            _timers.Add(wake.At);
        }

        return decision.Commands;
    }

    /// <summary>Moves the clock forward, firing each timer that falls due on the way, at its due time.</summary>
    public void AdvanceTo(DateTimeOffset until)
    {
        while (_timers.Count > 0 && _timers.Min <= until)
        {
            var due = _timers.Min;
            _timers.Remove(due);
            if (due > Clock.GetUtcNow())
            {
                Clock.SetUtcNow(due);
            }

            Feed(new TimerFired(Clock.GetUtcNow()));
        }

        if (until > Clock.GetUtcNow())
        {
            Clock.SetUtcNow(until);
        }
    }

    public void Advance(TimeSpan by) => AdvanceTo(Clock.GetUtcNow() + by);
}
