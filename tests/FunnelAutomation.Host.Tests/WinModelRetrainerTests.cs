using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using FunnelAutomation.Application.Learning;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Learning;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Routing;
using FunnelAutomation.Host.Background;
using FunnelAutomation.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FunnelAutomation.Host.Tests;

/// <summary>Issue 17: the Host retrains the win model every Host:WinModelRetrainHours, first one interval after
/// start, not at start. The schedule runs on a fake clock here; the training itself is the real
/// <see cref="WinModelService"/> over closed leads in memory, with a trainer that records when it was asked.</summary>
public sealed class WinModelRetrainerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_win_model_is_retrained_once_per_interval_on_the_schedule_clock()
    {
        var clock = new FakeTimeProvider(Start);
        var schedule = new TimerSignallingClock(clock);
        var trainer = new RecordingTrainer();
        var store = new MemoryWinModels();
        var service = new WinModelService(new ClosedLeads(12, Start), new NoActions(), new NoReps(), store, trainer, WinActivationPolicy.Default, clock);
        var options = Options.Create(new FunnelHostOptions { WinModelRetrainHours = 6 });
        using var retrainer = new WinModelRetrainer(service, options, NullLogger<WinModelRetrainer>.Instance, schedule);

        await retrainer.StartAsync(CancellationToken.None);
        try
        {
            // The service may start its loop on another thread: move the clock only once its timer waits on it.
            await schedule.TimerCreated.WaitAsync(TimeSpan.FromSeconds(60));
            clock.Advance(TimeSpan.FromHours(6) - TimeSpan.FromSeconds(1)); // just short of the interval: nothing yet
            clock.Advance(TimeSpan.FromSeconds(1));
            await HostFixture.Eventually(() => Task.FromResult<int?>(trainer.Calls.Count), n => n >= 1, "the first scheduled retraining");

            // The clock stood still until it was seen: the training ran at exactly one interval, not at start.
            Assert.Equal([Start.AddHours(6)], trainer.Calls);

            clock.Advance(TimeSpan.FromHours(6));
            await HostFixture.Eventually(() => Task.FromResult<int?>(trainer.Calls.Count), n => n >= 2, "the second scheduled retraining");

            Assert.Equal([Start.AddHours(6), Start.AddHours(12)], trainer.Calls);
            var versions = await service.ListAsync(CancellationToken.None);
            Assert.Equal([(2, "win-20261203-000000", true), (1, "win-20261202-180000", false)], versions.Select(v => (v.Version, v.ModelVersion, v.Active)));
        }
        finally
        {
            await retrainer.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The fake clock, telling when a timer is created on it (the retrainer's PeriodicTimer).</summary>
    private sealed class TimerSignallingClock(FakeTimeProvider clock) : TimeProvider
    {
        private readonly TaskCompletionSource _created = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task TimerCreated => _created.Task;

        public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

        public override long GetTimestamp() => clock.GetTimestamp();

        public override long TimestampFrequency => clock.TimestampFrequency;

        public override TimeZoneInfo LocalTimeZone => clock.LocalTimeZone;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = clock.CreateTimer(callback, state, dueTime, period);
            _created.TrySetResult();
            return timer;
        }
    }

    /// <summary>Answers with a model the default policy activates, labelled as asked; records each training time.</summary>
    private sealed class RecordingTrainer : IWinModelTrainer
    {
        private readonly ConcurrentQueue<DateTimeOffset> _calls = new();

        public IReadOnlyList<DateTimeOffset> Calls => [.. _calls];

        public WinModel Train(IReadOnlyList<WinExample> examples, string version, DateTimeOffset trainedAt)
        {
            _calls.Enqueue(trainedAt);
            return HandBuiltWinModels.BigCompaniesWin() with { Version = version, TrainedAt = trainedAt };
        }
    }

    /// <summary>Leads lost a day after they came in: enough closed leads for the service to train.</summary>
    private sealed class ClosedLeads(int count, DateTimeOffset before) : ILeadStore
    {
        private readonly Lead[] _leads = [.. Enumerable.Range(0, count).Select(i =>
        {
            var created = before.AddDays(-30 - i);
            return new Lead
            {
                Id = $"lead-{i}",
                Profile = new LeadProfile { Email = $"closed{i}@example.com", Employees = 100 * (i + 1) },
                CreatedAt = created,
                UpdatedAt = created.AddDays(1),
                PipelineId = "b2b-standard",
                Stage = "prospect",
                Status = LeadStatus.Lost,
                LostReason = "competitor",
                History = [new StageTransition(null, "prospect", created, "form_submitted"), new StageTransition("prospect", "lost", created.AddDays(1), "customer")],
            };
        })];

        public Task<Lead?> GetAsync(string leadId, CancellationToken cancellationToken) => Task.FromResult(_leads.FirstOrDefault(l => l.Id == leadId));

        public Task<Lead?> UpdateAsync(string leadId, Func<Lead?, Lead?> change, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<Lead>> ListByOwnerAsync(string repId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public async IAsyncEnumerable<Lead> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var lead in _leads)
            {
                await Task.Yield();
                yield return lead;
            }
        }
    }

    private sealed class NoActions : IActionStore
    {
        public Task<bool> AppendAsync(string leadId, CustomerAction action, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<CustomerAction>> ListAsync(string leadId, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<CustomerAction>>([]);
    }

    private sealed class NoReps : IRepStore
    {
        public Task<IReadOnlyList<Rep>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Rep>>([]);

        public Task<Rep?> GetAsync(string repId, CancellationToken cancellationToken) => Task.FromResult<Rep?>(null);

        public Task UpsertAsync(Rep rep, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
