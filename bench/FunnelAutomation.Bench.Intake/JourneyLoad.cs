using System.Diagnostics;
using FunnelAutomation.Application.Journeys;
using FunnelAutomation.Azure;
using FunnelAutomation.Azure.Journeys;
using FunnelAutomation.Azure.Queues;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Nurture;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Scoring;
using Microsoft.Extensions.Time.Testing;

namespace FunnelAutomation.Bench.Intake;

/// <summary>J journeys are started (welcome email, then a timer for the next step), the fake clock jumps past
/// every timer at once, and the runner's sweep + queue processing work through J timer-fired steps. Commands are
/// counted, not carried out (no email rendering): this measures the runner (state read, decide, ETag write,
/// timer row, queue) on Azurite.</summary>
internal static class JourneyLoad
{
    private const int StartWave = 500;
    private static readonly DateTimeOffset Start = new(2026, 3, 3, 9, 0, 0, TimeSpan.Zero);

    public static async Task<string> RunAsync(string connectionString, int count, int concurrency, DateTime deadline)
    {
        var clock = new FakeTimeProvider(Start);
        var storage = new FunnelStorage(connectionString, "bj" + Guid.NewGuid().ToString("N")[..8], clock);
        await storage.InitializeAsync().ConfigureAwait(false);
        var executor = new CountingExecutor();
        var runner = new LocalJourneyRunner(storage.Journey<JourneyRecord>(), new JourneyTimerTable(storage.TableClient(storage.Names.JourneyTimers)),
            storage.Sender(QueueNames.JourneyEvents), new OpenWindowContexts(), executor, clock);
        var processor = storage.Processor(QueueNames.JourneyEvents, new QueueProcessorOptions { BatchSize = 32, MaxConcurrency = 8, RetryDelay = TimeSpan.Zero });

        // Starts arrive in waves of StartWave, each drained before the next: Azurite's in-memory queue receives slow
        // down with depth (measured in bench/README.md: ~285 receives/s at 500 queued, ~3/s at 10,000), which
        // would measure the emulator rather than the runner. Azure Storage queues have no such dependence.
        var startWatch = Stopwatch.StartNew();
        var started = 0;
        for (var wave = 0; wave < count && DateTime.UtcNow < deadline; wave += StartWave)
        {
            var size = Math.Min(StartWave, count - wave);
            await Load.RunAsync(size, concurrency, i => runner.StartAsync(
                new JourneyStarted(Start, $"ld_j{wave + i:D6}", "b2b-standard", "prospect", 55, Grade.B, "website", "rep-1", "Europe/Berlin", "DE"), default)).ConfigureAwait(false);
            started += await DrainAsync(processor, runner, size, deadline).ConfigureAwait(false);
        }

        var startSeconds = startWatch.Elapsed.TotalSeconds;
        var emailsAfterStart = executor.Emails;

        // Every journey now waits on its next timer; jump past all of them at once. One sweep first sets the
        // sweep cursor to today, as the Host's periodic sweeper has (without a cursor a sweep looks back 2 days).
        await runner.SweepTimersAsync(default).ConfigureAwait(false);
        clock.Advance(TimeSpan.FromDays(30));
        var fireWatch = Stopwatch.StartNew();
        var sweeps = 0;
        var stepped = 0;
        var failed = 0;
        while (stepped < started && DateTime.UtcNow < deadline && sweeps < 20)
        {
            var sweep = await runner.SweepTimersAsync(default).ConfigureAwait(false);
            stepped += sweep.Fired;
            failed += sweep.Failed;
            sweeps++;
        }

        var fireSeconds = fireWatch.Elapsed.TotalSeconds;

        return string.Join(Environment.NewLine,
            $"journeys: {count} started in {startSeconds:N1} s ({started} start steps, {started / startSeconds:N0} steps/s; {emailsAfterStart} welcome commands)",
            $"timers due together: {stepped} timer steps in {fireSeconds:N1} s ({sweeps} sweep(s), {JourneyTimerTable.FireConcurrency} at once) → {stepped / fireSeconds:N0} steps/s; failed steps (retried by the next sweep): {failed}; emails commanded after the jump: {executor.Emails - emailsAfterStart}");
    }

    private static async Task<int> DrainAsync(QueueProcessor processor, LocalJourneyRunner runner, int expected, DateTime deadline)
    {
        var processed = 0;
        var idleRounds = 0;
        var workers = Enumerable.Range(0, 4).Select(async _ =>
        {
            while (Volatile.Read(ref processed) < expected && DateTime.UtcNow < deadline && Volatile.Read(ref idleRounds) < 50)
            {
                var batch = await processor.ProcessBatchAsync((message, ct) => runner.HandleAsync(message.Envelope.GetPayload<JourneyEventMessage>(), ct)).ConfigureAwait(false);
                var done = batch.Count(MessageDisposition.Processed);
                Interlocked.Add(ref processed, done);
                if (batch.Messages.Count == 0)
                {
                    Interlocked.Increment(ref idleRounds);
                    await Task.Delay(100).ConfigureAwait(false);
                }
                else
                {
                    Volatile.Write(ref idleRounds, 0);
                }
            }
        });
        await Task.WhenAll(workers).ConfigureAwait(false);
        return processed;
    }

    private sealed class CountingExecutor : IJourneyCommandExecutor
    {
        private int _emails;

        public int Emails => Volatile.Read(ref _emails);

        public Task<IReadOnlyList<JourneyInput>> ExecuteAsync(JourneyCommand command, CancellationToken cancellationToken)
        {
            if (command is SendEmail)
            {
                Interlocked.Increment(ref _emails);
            }

            return Task.FromResult<IReadOnlyList<JourneyInput>>([]);
        }
    }

    private sealed class OpenWindowContexts : IJourneyContextProvider
    {
        private readonly JourneyContext _context = new(
            PipelineDefinition.Load(Sample("pipelines/b2b-standard.json")).Value,
            new SequenceCatalog([SequenceDefinition.Load(Sample("sequences/welcome-nurture.json")).Value]),
            JourneySettings.Default with
            {
                SendWindowStartHour = 0,
                SendWindowEndHour = 24,
                BusinessDays = Enum.GetValues<DayOfWeek>(),
                MaxEmailsPerDay = 1000,
            });

        public Task<JourneyContext> GetAsync(string pipelineId, CancellationToken cancellationToken) => Task.FromResult(_context);

        private static string Sample(string path) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", path));
    }
}
