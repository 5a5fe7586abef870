using BenchmarkDotNet.Attributes;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Bench.Core;

/// <summary>One decider step on a started journey (b2b-standard pipeline, welcome-nurture sequence, send window
/// open around the clock): a timer falling due (sends the next email and schedules the next wake) and a
/// customer action (an email click).</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class JourneyDeciderBenchmarks
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero); // a Monday

    private JourneyContext _context = null!;
    private JourneyState _started = null!;
    private TimerFired _timer = null!;
    private CustomerActed _acted = null!;

    [GlobalSetup]
    public void Setup()
    {
        _context = Samples.JourneyContext(JourneySettings.Default with
        {
            SendWindowStartHour = 0,
            SendWindowEndHour = 24,
            BusinessDays = Enum.GetValues<DayOfWeek>(),
            MaxEmailsPerDay = 1000,
        });
        var started = JourneyDecider.Decide(_context, null,
            new JourneyStarted(Start, "ld_bench", "b2b-standard", "prospect", 55, Grade.B, "website", "rep-1", "Europe/Berlin", "DE"));
        _started = started.State;
        var wake = _started.NextWakeAt() ?? Start.AddDays(1);
        _timer = new TimerFired(wake);
        _acted = new CustomerActed(Start.AddHours(1),
            new CustomerAction("act-bench-1", CustomerActionTypes.EmailClicked, Start.AddHours(1)));

        // Fail loudly if the setup does not exercise what the names say.
        var fired = JourneyDecider.Decide(_context, _started, _timer);
        if (fired.Commands.Count == 0)
        {
            throw new InvalidOperationException("The timer step produced no command; the benchmark would measure a no-op.");
        }
    }

    [Benchmark]
    public JourneyDecision TimerFiredStep() => JourneyDecider.Decide(_context, _started, _timer);

    [Benchmark]
    public JourneyDecision CustomerActedStep() => JourneyDecider.Decide(_context, _started, _acted);
}
