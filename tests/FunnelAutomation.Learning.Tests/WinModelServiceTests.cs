using FunnelAutomation.TestSupport;
using System.Runtime.CompilerServices;
using FunnelAutomation.Application.Learning;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Learning;
using FunnelAutomation.Core.Routing;
using FunnelAutomation.Learning.Synthetic;

namespace FunnelAutomation.Learning.Tests;

/// <summary>The lifecycle service over in-memory stores and the real ML.NET trainer: what is trained on signal
/// history goes live, what is trained on noise is kept but refused, and a rollback returns to the last good one.</summary>
public sealed class WinModelServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_model_trained_on_history_with_a_signal_is_stored_and_activated()
    {
        var (service, _) = Service(WinHistoryGenerator.Leads(1500, signal: true, seed: 3));

        var outcome = await service.TrainAsync(CancellationToken.None);

        Assert.True(outcome.Activated, outcome.Refusal);
        Assert.Equal(1, outcome.Model!.Version);
        Assert.Equal(1500, outcome.Model.ClosedLeads);
        Assert.Equal("win-20261202-120000", (await service.GetActiveAsync(CancellationToken.None))!.Version);
        var listed = Assert.Single(await service.ListAsync(CancellationToken.None));
        Assert.True(listed.Active);
        Assert.Equal(10, listed.Evaluation.Calibration.Count);
    }

    [Fact]
    public async Task A_model_trained_on_noise_is_kept_but_never_activated_and_activating_it_is_refused()
    {
        var (service, _) = Service(WinHistoryGenerator.Leads(1500, signal: false, seed: 4));

        var outcome = await service.TrainAsync(CancellationToken.None);
        var activation = await service.ActivateAsync(outcome.Model!.Version, CancellationToken.None);

        Assert.False(outcome.Activated);
        Assert.Contains("below the floor", outcome.Refusal, StringComparison.Ordinal);
        Assert.Equal(WinActivationStatus.Refused, activation.Status);
        Assert.Null(await service.GetActiveAsync(CancellationToken.None));
        Assert.False(Assert.Single(await service.ListAsync(CancellationToken.None)).Active);
    }

    [Fact]
    public async Task Too_few_closed_leads_train_nothing_and_open_leads_are_not_examples()
    {
        var open = WinHistoryGenerator.Leads(300, signal: true, seed: 5)
            .Select((l, i) => i < 5 ? l : l with { Lead = l.Lead with { Status = LeadStatus.Open } });
        var (service, store) = Service(open);

        var outcome = await service.TrainAsync(CancellationToken.None);

        Assert.Null(outcome.Model);
        Assert.Equal("only 5 closed leads; training needs at least 10 (activation at least 200)", outcome.Refusal);
        Assert.Empty(store.Models);
    }

    [Fact]
    public async Task Rolling_back_activates_the_previous_good_version()
    {
        var (service, store) = Service(WinHistoryGenerator.Leads(1500, signal: true, seed: 6));
        await service.TrainAsync(CancellationToken.None);
        await service.TrainAsync(CancellationToken.None);
        Assert.Equal(2, store.Active);

        var rollback = await service.RollbackAsync(CancellationToken.None);

        Assert.Equal(WinActivationStatus.Activated, rollback.Status);
        Assert.Equal(1, store.Active);
        Assert.Equal(WinActivationStatus.NotFound, (await service.ActivateAsync(7, CancellationToken.None)).Status);
    }

    private static (WinModelService, MemoryWinModels) Service(IEnumerable<(Lead Lead, IReadOnlyList<CustomerAction> Actions, string Team)> history)
    {
        var data = history.ToArray();
        var leads = new MemoryLeads([.. data.Select(d => d.Lead with { OwnerRepId = "rep-" + d.Team })]);
        var actions = new MemoryActions(data.ToDictionary(d => d.Lead.Id, d => d.Actions));
        var reps = new MemoryReps([.. data.Select(d => d.Team).Distinct().Select(t => new Rep { Id = "rep-" + t, Name = t, Email = t + "@x.example", Team = t })]);
        var store = new MemoryWinModels();
        var trainer = new MlNetWinModelTrainer(new WinTrainingOptions { Threads = 1 });
        return (new WinModelService(leads, actions, reps, store, trainer, WinActivationPolicy.Default, new FixedTime(Now)), store);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class MemoryLeads(Lead[] leads) : ILeadStore
    {
        public Task<Lead?> GetAsync(string leadId, CancellationToken cancellationToken) => Task.FromResult(leads.FirstOrDefault(l => l.Id == leadId));

        public Task<Lead?> UpdateAsync(string leadId, Func<Lead?, Lead?> change, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<Lead>> ListByOwnerAsync(string repId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public async IAsyncEnumerable<Lead> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var lead in leads)
            {
                await Task.Yield();
                yield return lead;
            }
        }
    }

    private sealed class MemoryActions(Dictionary<string, IReadOnlyList<CustomerAction>> byLead) : IActionStore
    {
        public Task<bool> AppendAsync(string leadId, CustomerAction action, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<CustomerAction>> ListAsync(string leadId, CancellationToken cancellationToken) =>
            Task.FromResult(byLead.TryGetValue(leadId, out var a) ? a : []);
    }

    private sealed class MemoryReps(Rep[] reps) : IRepStore
    {
        public Task<IReadOnlyList<Rep>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Rep>>(reps);

        public Task<Rep?> GetAsync(string repId, CancellationToken cancellationToken) => Task.FromResult(reps.FirstOrDefault(r => r.Id == repId));

        public Task UpsertAsync(Rep rep, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
