using FunnelAutomation.Application.Ports;
using FunnelAutomation.Azure.Adapters;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Routing;
using Microsoft.Extensions.Time.Testing;

namespace FunnelAutomation.Azure.Tests.Adapters;

[Collection(UsesAzurite.Name)]
public sealed class PortAdapterTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 3, 9, 0, 0, TimeSpan.Zero);

    private static Lead NewLead(string email, string? owner) => new()
    {
        Id = LeadId.ForEmail(email),
        Profile = new LeadProfile { Email = email },
        CreatedAt = T0,
        UpdatedAt = T0,
        OwnerRepId = owner,
        RoutingExplanation = ["matched rule EMEA-Enterprise", "round-robin turn of rep r1"],
        AssignmentQueue = owner is null ? "unassigned-leads" : null,
    };

    private static async Task<(FunnelStorage Storage, TableLeadStore Leads)> LeadStore(AzuriteFixture azurite)
    {
        var storage = await azurite.NewStorageAsync();
        return (storage, new TableLeadStore(storage.Leads, storage.TableClient(storage.Names.LeadOwners)));
    }

    [Fact]
    public async Task A_change_that_returns_nothing_writes_nothing()
    {
        var (_, leads) = await LeadStore(azurite);

        var result = await leads.UpdateAsync("ld_none", _ => null, default);

        Assert.Null(result);
        Assert.Null(await leads.GetAsync("ld_none", default));
    }

    [Fact]
    public async Task A_lead_expected_new_is_inserted_without_a_read_and_one_there_after_all_gets_the_change_applied()
    {
        var (_, leads) = await LeadStore(azurite);
        var lead = NewLead("new@x.test", "r1");
        var seen = new List<Lead?>();

        var created = await leads.CreateOrUpdateAsync(lead.Id, current => { seen.Add(current); return lead; }, default);
        var merged = await leads.CreateOrUpdateAsync(lead.Id, current =>
        {
            seen.Add(current);
            return (current ?? lead) with { Profile = (current ?? lead).Profile with { Phone = "+49 30 1" } };
        }, default);

        Assert.Equal(lead, created);
        // The second guessed no lead, met the first one's row, and was applied to it: nothing of the first is lost.
        Assert.Equal([null, null, lead.Id], seen.Select(l => l?.Id));
        Assert.Equal(("+49 30 1", "r1"), (merged!.Profile.Phone, merged.OwnerRepId));
        Assert.Equal("+49 30 1", (await leads.GetAsync(lead.Id, default))!.Profile.Phone);
        Assert.Single(await leads.ListByOwnerAsync("r1", default)); // the owner index written once
    }

    [Fact]
    public async Task Routing_explanation_and_queue_survive_the_round_trip()
    {
        var (_, leads) = await LeadStore(azurite);
        var lead = NewLead("q@x.test", null);

        await leads.UpdateAsync(lead.Id, _ => lead, default);
        var stored = await leads.GetAsync(lead.Id, default);

        Assert.Equal("unassigned-leads", stored!.AssignmentQueue);
        Assert.Equal(lead.RoutingExplanation, stored.RoutingExplanation);
    }

    [Fact]
    public async Task My_leads_follow_the_owner_when_a_lead_is_reassigned()
    {
        var (_, leads) = await LeadStore(azurite);
        var a = NewLead("a@x.test", "r1");
        var b = NewLead("b@x.test", "r1");
        await leads.UpdateAsync(a.Id, _ => a, default);
        await leads.UpdateAsync(b.Id, _ => b, default);

        await leads.UpdateAsync(a.Id, current => current! with { OwnerRepId = "r2" }, default);

        Assert.Equal([b.Id], (await leads.ListByOwnerAsync("r1", default)).Select(l => l.Id));
        Assert.Equal([a.Id], (await leads.ListByOwnerAsync("r2", default)).Select(l => l.Id));
    }

    [Fact]
    public async Task Concurrent_routing_decisions_never_reuse_a_turn()
    {
        var storage = await azurite.NewStorageAsync();
        var routing = new TableRoutingStateStore(storage.TableClient(storage.Names.RoutingState));

        var turns = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => routing.UpdateAsync(state =>
        {
            var turn = state.CursorOf("EMEA");
            return (state.WithCursor("EMEA", turn + 1), turn);
        }, default)));

        Assert.Equal(Enumerable.Range(0, 12), turns.Order());
        Assert.Equal(12, await routing.UpdateAsync(state => (state, state.CursorOf("EMEA")), default));
    }

    [Fact]
    public async Task Config_versions_are_kept_and_the_latest_is_active()
    {
        var storage = await azurite.NewStorageAsync();
        var config = new TableConfigStore(storage.ConfigDocuments, TimeProvider.System);

        Assert.Equal(1, await config.SaveAndActivateAsync("sequence", "welcome", "{\"v\":1}", default));
        Assert.Equal(2, await config.SaveAndActivateAsync("sequence", "welcome", "{\"v\":2}", default));

        Assert.Equal("{\"v\":2}", Assert.Single(await config.ListActiveAsync("sequence", default)).Json);
        Assert.Equal([1, 2], (await config.ListAllVersionsAsync("sequence", default)).Select(d => d.Version).Order());
    }

    [Fact]
    public async Task Reps_idempotency_and_suppression_ports_are_the_tables()
    {
        var storage = await azurite.NewStorageAsync();
        var reps = Port<IRepStore>(storage.Reps);
        var guard = new TableIdempotencyGuard(storage.Idempotency, TimeProvider.System);
        var suppressions = Port<ISuppressionList>(storage.Suppressions);

        await reps.UpsertAsync(new Rep { Id = "r9", Name = "Nia", Email = "nia@seller.test" }, default);
        await guard.MarkRunAsync("k1", default);
        await suppressions.SuppressAsync("Someone@Example.com", "bounced", default);

        Assert.Equal("Nia", (await reps.GetAsync("r9", default))!.Name);
        Assert.True(await guard.HasRunAsync("k1", default));
        Assert.False(await guard.HasRunAsync("k2", default));
        Assert.True(await suppressions.IsSuppressedAsync("someone@example.com", default));
    }

    [Fact]
    public async Task The_table_guard_claims_an_effect_for_one_worker_and_reports_an_abandoned_claim()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero));
        var storage = await azurite.NewStorageAsync(clock);
        var guard = new TableIdempotencyGuard(storage.Idempotency, clock);
        var lease = TimeSpan.FromMinutes(2);

        var first = await guard.ClaimAsync("email-sent:k", lease, default);
        var second = await guard.ClaimAsync("email-sent:k", lease, default);
        await guard.ReleaseAsync(first, default);
        var afterRelease = await guard.ClaimAsync("email-sent:k", lease, default);
        clock.Advance(lease + TimeSpan.FromSeconds(1)); // its holder died without finishing
        var abandoned = await guard.ClaimAsync("email-sent:k", lease, default);
        await guard.MarkRunAsync("email-sent:k", default);
        var done = await guard.ClaimAsync("email-sent:k", lease, default);

        Assert.Equal(
            [EffectClaimStatus.Claimed, EffectClaimStatus.InProgress, EffectClaimStatus.Claimed, EffectClaimStatus.Abandoned, EffectClaimStatus.AlreadyRun],
            new[] { first.Status, second.Status, afterRelease.Status, abandoned.Status, done.Status });
        Assert.True(await guard.HasRunAsync("email-sent:k", default));
    }

    /// <summary>The store seen through the application's port, as the use cases see it.</summary>
    private static T Port<T>(T store) => store;
}
