using System.Diagnostics;
using FunnelAutomation.Application.Journeys;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Nurture;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Scoring;
using FunnelAutomation.Host.Journeys;
using FunnelAutomation.Journeys;
using Microsoft.Extensions.Logging;

namespace FunnelAutomation.Bench.Intake;

/// <summary>J journeys run on the real engine (<see cref="LocalJourneyEngine"/>: DurableTask.Core's TaskHubWorker on
/// the Azure Storage provider, in this process, own hub on Azurite) with a sequence "welcome, wait, second email".
/// Durable timers fire on wall-clock time, so the wait is chosen per journey when its start is decided: it ends at
/// one instant for all of them (<c>dueAt</c>), after the last start. From that instant the engine works through J
/// timer steps (timer fired → context activity → decision activity with the email → timer for the SLA). Commands
/// are counted, not carried out: this measures the engine, the orchestration and the decider on Azurite.</summary>
internal static class JourneyLoad
{
    /// <summary>Journeys started and not yet welcomed before the starter holds back: Azurite's queues slow down
    /// with depth, which would measure the emulator.</summary>
    private const int MaxStartBacklog = 200;

    public static async Task<string> RunAsync(string connectionString, StorageOpCounter ops, int count, int concurrency, TimeSpan dueAfter, DateTime deadline)
    {
        var prefix = "bj" + Guid.NewGuid().ToString("N")[..8];
        var hubName = prefix + new JourneyHubOptions().HubName;
        ops.AddPrefix(prefix);
        var executor = new CountingExecutor();
        var firstStart = DateTimeOffset.UtcNow;
        var dueAt = firstStart + dueAfter;
        var contexts = new DueTogetherContexts(dueAt);
        var events = new EngineEventCounter();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(events).SetMinimumLevel(LogLevel.Information));
        await using var engine = new LocalJourneyEngine(connectionString, hubName, new JourneyHubOptions(), TimeSpan.FromSeconds(0.5),
            new JourneyActivities(executor, contexts, new NoRestarts()), loggers);
        await engine.StartAsync(default).ConfigureAwait(false);
        var runner = new DurableJourneyRunner(engine.Instances, new NoRestarts());

        ops.Reset();
        events.Reset();
        var startWatch = Stopwatch.StartNew();
        await Load.RunAsync(count, concurrency, async i =>
        {
            while (i - executor.Welcomes > MaxStartBacklog && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }

            await runner.StartAsync(new JourneyStarted(DateTimeOffset.UtcNow, $"ld_j{i:D6}", "b2b-standard", "prospect", 55, Grade.B, "website", "rep-1", "Europe/Berlin", "DE"), default).ConfigureAwait(false);
        }).ConfigureAwait(false);
        while (executor.Welcomes < count && DateTime.UtcNow < deadline && DateTimeOffset.UtcNow < dueAt)
        {
            await Task.Delay(100).ConfigureAwait(false);
        }

        var startSeconds = startWatch.Elapsed.TotalSeconds;
        var welcomed = executor.Welcomes;
        var startOps = ops.Snapshot();
        var startEpisodes = events.Get("OrchestrationExecuted");
        var startSlack = (dueAt - DateTimeOffset.UtcNow).TotalSeconds;
        if (executor.Seconds > 0 || startSlack < 0)
        {
            Console.WriteLine($"  warning: the starts ran into the due instant ({executor.Seconds} timer steps before the last start); raise --journey-due-seconds");
        }

        // Idle until the instant every timer is due; count only from there.
        if (dueAt - DateTimeOffset.UtcNow is { Ticks: > 0 } idle)
        {
            await Task.Delay(idle).ConfigureAwait(false);
        }

        ops.Reset();
        events.Reset();
        var fireWatch = Stopwatch.StartNew();
        var (lastSeen, stillSince) = (-1, fireWatch.Elapsed);
        while (executor.Seconds < welcomed && DateTime.UtcNow < deadline && fireWatch.Elapsed - stillSince < TimeSpan.FromSeconds(60))
        {
            if (executor.Seconds != lastSeen)
            {
                (lastSeen, stillSince) = (executor.Seconds, fireWatch.Elapsed);
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        var stepped = executor.Seconds;
        var fireSeconds = (executor.LastSecondAt - dueAt).TotalSeconds;
        var firstStep = (executor.FirstSecondAt - dueAt).TotalSeconds;
        var fireOps = ops.Snapshot();
        var fireEpisodes = events.Get("OrchestrationExecuted");
        await engine.StopAsync(default).ConfigureAwait(false);

        return string.Join(Environment.NewLine,
            $"journeys on the Durable Task engine (hub {hubName}, 4 partitions): {count} started in {startSeconds:N1} s → {welcomed / startSeconds:N1} journeys/s; {welcomed} welcome commands; " +
            $"{(double)startEpisodes / Math.Max(1, welcomed):N2} episodes and {StorageOpCounter.Total(startOps) / Math.Max(1, welcomed):N1} storage requests per start ({StorageOpCounter.Total(startOps, withoutReceives: true) / Math.Max(1, welcomed):N1} without queue receives)",
            $"timers due together at +{dueAfter.TotalSeconds:N0} s ({startSlack:N1} s after the last welcome): {stepped} timer steps, first {firstStep:N1} s and last {fireSeconds:N1} s after the due instant → {stepped / Math.Max(0.001, fireSeconds):N1} steps/s",
            $"  per timer step: {(double)fireEpisodes / Math.Max(1, stepped):N2} orchestration episodes, {StorageOpCounter.Total(fireOps) / Math.Max(1, stepped):N1} storage requests ({StorageOpCounter.Total(fireOps, withoutReceives: true) / Math.Max(1, stepped):N1} without queue receives); context activity runs {contexts.Reads} and commands carried out {executor.Calls} over the whole run ({count} starts + {stepped} timer steps)",
            $"  engine warnings/errors logged: {events.Problems}",
            StorageOpCounter.Format(fireOps, Math.Max(1, stepped), "timer step"));
    }

    /// <summary>The bench's journeys have no stored leads: none is restarted, and none has missed an action.</summary>
    private sealed class NoRestarts : IJourneyRestarts, IJourneyCatchUpSource
    {
        public Task<JourneyStarted?> FromLeadAsync(string leadId, CancellationToken cancellationToken) => Task.FromResult<JourneyStarted?>(null);

        public Task<IReadOnlyList<JourneyInput>> MissedAsync(JourneyStarted started, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<JourneyInput>>([]);
    }

    private sealed class CountingExecutor : IJourneyCommandExecutor
    {
        private int _welcomes;
        private int _seconds;
        private int _calls;
        private long _firstSecondTicks = long.MaxValue;
        private long _lastSecondTicks;

        public int Welcomes => Volatile.Read(ref _welcomes);

        /// <summary>Timer steps: the email after the wait.</summary>
        public int Seconds => Volatile.Read(ref _seconds);

        public int Calls => Volatile.Read(ref _calls);

        public DateTimeOffset FirstSecondAt => new(Interlocked.Read(ref _firstSecondTicks) == long.MaxValue ? 0 : Interlocked.Read(ref _firstSecondTicks), TimeSpan.Zero);

        public DateTimeOffset LastSecondAt => new(Interlocked.Read(ref _lastSecondTicks), TimeSpan.Zero);

        public Task<IReadOnlyList<JourneyInput>> ExecuteAsync(JourneyCommand command, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            if (command is SendEmail email)
            {
                if (email.StepId == "welcome")
                {
                    Interlocked.Increment(ref _welcomes);
                }
                else
                {
                    Interlocked.Increment(ref _seconds);
                    var now = DateTime.UtcNow.Ticks;
                    InterlockedMin(ref _firstSecondTicks, now);
                    InterlockedMax(ref _lastSecondTicks, now);
                }
            }

            return Task.FromResult<IReadOnlyList<JourneyInput>>([]);
        }

        private static void InterlockedMin(ref long target, long value)
        {
            long seen;
            while (value < (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }

        private static void InterlockedMax(ref long target, long value)
        {
            long seen;
            while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }

    /// <summary>welcome → wait → second email; the wait is whatever is left until <c>dueAt</c> when the journey's
    /// start is decided, so every journey's timer falls due at that one instant. Send window open around the clock.</summary>
    private sealed class DueTogetherContexts(DateTimeOffset dueAt) : IJourneyContextProvider
    {
        private readonly PipelineDefinition _pipeline = PipelineDefinition.Load(Sample("pipelines/b2b-standard.json")).Value;
        private readonly SequenceDefinition _sequence = SequenceDefinition.Load(Sample("sequences/welcome-nurture.json")).Value;
        private readonly JourneySettings _settings = JourneySettings.Default with
        {
            SendWindowStartHour = 0,
            SendWindowEndHour = 24,
            BusinessDays = Enum.GetValues<DayOfWeek>(),
            MaxEmailsPerDay = 1000,
        };

        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public Task<JourneyContext> GetAsync(string pipelineId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            var left = Math.Max(0.001, (dueAt - DateTimeOffset.UtcNow).TotalMinutes);
            var sequence = _sequence with
            {
                Steps =
                [
                    new EmailStep { Id = "welcome", Subject = "Welcome", Body = "<p>Hi</p>" },
                    new WaitStep { Id = "due-together", Minutes = left },
                    new EmailStep { Id = "second", Subject = "Second", Body = "<p>Again</p>" },
                ],
            };
            return Task.FromResult(new JourneyContext(_pipeline, new SequenceCatalog([sequence]), _settings));
        }

        private static string Sample(string path) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", path));
    }
}
