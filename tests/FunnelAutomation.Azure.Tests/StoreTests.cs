using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Routing;

namespace FunnelAutomation.Azure.Tests;

[Collection(UsesAzurite.Name)]
public sealed class RepAndConfigTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Reps_round_trip_list_and_delete()
    {
        var storage = await azurite.NewStorageAsync();
        var rep = new Rep
        {
            Id = "rep-1",
            Name = "Mei Chen",
            Email = "mei@seller.example",
            Team = "emea",
            Territories = ["DE", "EMEA"],
            SizeBands = [CompanySizeBand.Large, CompanySizeBand.Enterprise],
            Industries = ["software"],
            Tier = RepTier.Senior,
            MaxOpenLeads = 40,
            Weight = 3,
            OutOfOfficeFrom = T0,
            OutOfOfficeUntil = T0.AddDays(3),
            ManagerEmail = "boss@seller.example",
        };
        await storage.Reps.UpsertAsync(rep);
        await storage.Reps.UpsertAsync(new Rep { Id = "rep-2", Name = "Tom", Email = "tom@seller.example" });

        var read = await storage.Reps.GetAsync("rep-1");
        Assert.NotNull(read);
        Assert.Equal(rep.Territories, read.Territories);
        Assert.Equal(rep.SizeBands, read.SizeBands);
        Assert.Equal(rep with { Territories = read.Territories, SizeBands = read.SizeBands, Industries = read.Industries }, read);
        Assert.Equal(["rep-1", "rep-2"], (await storage.Reps.ListAsync()).Select(r => r.Id).Order());

        Assert.True(await storage.Reps.DeleteAsync("rep-2"));
        Assert.Null(await storage.Reps.GetAsync("rep-2"));
    }

    [Fact]
    public async Task Config_versions_are_immutable_and_the_active_pointer_moves_between_them()
    {
        var storage = await azurite.NewStorageAsync();
        var store = storage.ConfigDocuments;
        const string v1 = "{ \"kind\": \"pipeline\", \"schemaVersion\": 1, \"name\": \"first\" }";
        const string v2 = "{\"kind\":\"pipeline\",\"schemaVersion\":1,\"name\":\"second\"}";

        Assert.Null(await store.GetActiveAsync("pipeline", "default"));
        var first = await store.AddVersionAsync("pipeline", "default", v1, T0, "ana");
        var second = await store.AddVersionAsync("pipeline", "default", v2, T0.AddHours(1), "ben");
        await store.AddVersionAsync("pipeline", "enterprise", v1, T0);

        Assert.Equal(1, first.Version);
        Assert.Equal(2, second.Version);
        Assert.Null(await store.GetActiveAsync("pipeline", "default"));

        await store.ActivateAsync("pipeline", "default", 2, T0.AddHours(2), "ana");
        Assert.Equal(v2, (await store.GetActiveAsync("pipeline", "default"))!.Json);

        await store.ActivateAsync("pipeline", "default", 1, T0.AddHours(3), "ana"); // roll back
        var active = await store.GetActiveAsync("pipeline", "default");
        Assert.Equal(1, active!.Version);
        Assert.Equal(v1, active.Json); // raw text, whitespace and all
        Assert.Equal("ana", active.Author);
        Assert.Equal(1, (await store.GetActivePointerAsync("pipeline", "default"))!.Version);

        Assert.Equal([2, 1], (await store.ListVersionsAsync("pipeline", "default")).Select(v => v.Version));
        Assert.Equal(v2, (await store.GetVersionAsync("pipeline", "default", 2))!.Json);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.ActivateAsync("pipeline", "default", 9, T0));

        await store.ActivateAsync("pipeline", "enterprise", 1, T0);
        await store.AddVersionAsync("scoring", "default", "{}", T0);
        await store.ActivateAsync("scoring", "default", 1, T0);
        Assert.Equal(["default", "enterprise"], (await store.ListActiveAsync("pipeline")).Select(d => d.Id).Order());
    }

    [Fact]
    public async Task Concurrent_config_versions_get_distinct_numbers_and_large_documents_survive()
    {
        var storage = await azurite.NewStorageAsync();
        var big = "{\"kind\":\"sequence\",\"schemaVersion\":1,\"body\":\"" + new string('y', 150_000) + "\"}";

        var added = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() =>
            storage.ConfigDocuments.AddVersionAsync("sequence", "welcome", big, T0))));

        Assert.Equal([1, 2, 3, 4, 5], added.Select(a => a.Version).Order());
        Assert.Equal(big, (await storage.ConfigDocuments.GetVersionAsync("sequence", "welcome", 3))!.Json);
    }
}
