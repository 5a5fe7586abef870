using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Application.Tests.Fakes;

namespace FunnelAutomation.Application.Tests;

public class ConfigurationServiceTests
{
    /// <summary>A configuration store that answers slowly and counts how often it is read.</summary>
    private sealed class SlowCountingStore(IConfigStore inner) : IConfigStore
    {
        private int _reads;

        public int Reads => _reads;

        public Task<int> SaveAndActivateAsync(string kind, string id, string json, CancellationToken cancellationToken) =>
            inner.SaveAndActivateAsync(kind, id, json, cancellationToken);

        public async Task<IReadOnlyList<StoredDocument>> ListActiveAsync(string kind, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            await Task.Delay(20, cancellationToken);
            return await inner.ListActiveAsync(kind, cancellationToken);
        }

        public async Task<IReadOnlyList<StoredDocument>> ListAllVersionsAsync(string kind, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            await Task.Delay(20, cancellationToken);
            return await inner.ListAllVersionsAsync(kind, cancellationToken);
        }
    }

    [Fact]
    public async Task Concurrent_callers_share_one_load_of_the_configuration()
    {
        var app = await TestApp.CreateAsync();
        var store = new SlowCountingStore(app.Stores);
        var configuration = new ConfigurationService(store, app.Stores, app.Options, app.Clock);

        var snapshots = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => configuration.GetAsync(CancellationToken.None))));

        Assert.All(snapshots, s => Assert.Same(snapshots[0], s));
        Assert.Equal(5, store.Reads); // one load: pipelines, scoring, routing, sequence versions, active sequences
    }

    [Fact]
    public async Task The_snapshot_is_reloaded_after_it_expires_or_is_invalidated()
    {
        var app = await TestApp.CreateAsync();
        var first = await app.Configuration.GetAsync(CancellationToken.None);

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await app.Configuration.GetAsync(CancellationToken.None);
        app.Configuration.Invalidate();
        var third = await app.Configuration.GetAsync(CancellationToken.None);

        Assert.NotSame(first, second);
        Assert.NotSame(second, third);
        Assert.Same(third, await app.Configuration.GetAsync(CancellationToken.None));
    }

    /// <summary>A configuration store whose first read of active documents waits at a gate, after reading.</summary>
    private sealed class GatedStore(IConfigStore inner) : IConfigStore
    {
        private int _held;

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<int> SaveAndActivateAsync(string kind, string id, string json, CancellationToken cancellationToken) =>
            inner.SaveAndActivateAsync(kind, id, json, cancellationToken);

        public async Task<IReadOnlyList<StoredDocument>> ListActiveAsync(string kind, CancellationToken cancellationToken)
        {
            var read = await inner.ListActiveAsync(kind, cancellationToken); // read first: what a load in flight saw
            if (Interlocked.Exchange(ref _held, 1) == 0)
            {
                Entered.TrySetResult();
                await Gate.Task;
            }

            return read;
        }

        public async Task<IReadOnlyList<StoredDocument>> ListAllVersionsAsync(string kind, CancellationToken cancellationToken)
        {
            return await inner.ListAllVersionsAsync(kind, cancellationToken);
        }
    }

    [Fact]
    public async Task A_load_that_began_before_an_activation_is_not_kept_so_the_next_read_sees_the_new_document()
    {
        // The Host test that saw a win-back with its old 90 quiet days: a load in flight while a sequence was
        // activated finished after the activation's invalidation and cached what it had read before it.
        var app = await TestApp.CreateAsync();
        var store = new GatedStore(app.Stores);
        var configuration = new ConfigurationService(store, app.Stores, app.Options, app.Clock);
        var inFlight = configuration.GetAsync(CancellationToken.None);
        await store.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var winBack = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "samples", "sequences", "win-back.json")))!;
        winBack["enrollment"]!["lostForDays"] = 7;
        Assert.True((await configuration.ActivateAsync("sequence", winBack.ToJsonString(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10))).IsSuccess);
        store.Gate.SetResult();
        var stale = await inFlight.WaitAsync(TimeSpan.FromSeconds(10));

        var fresh = await configuration.GetAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotSame(stale, fresh);
        Assert.Same(fresh, await configuration.GetAsync(CancellationToken.None));
        Assert.Equal(2, fresh.Sequences.Active.Single(d => d.Id == "win-back").Version);
    }

    [Theory]
    [InlineData("pipeline")]
    [InlineData("scoring")]
    [InlineData("routing")]
    [InlineData("sequence")]
    public async Task Every_seeded_sample_reads_back_although_the_samples_carry_comments(string kind)
    {
        var app = await TestApp.CreateAsync();

        var active = await app.Configuration.ReadActiveAsync(kind, CancellationToken.None);

        Assert.NotEmpty(active);
        Assert.All(active, d => Assert.Equal(kind, d.Document.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task A_document_with_comments_and_trailing_commas_is_accepted_and_reads_back()
    {
        var app = await TestApp.CreateAsync();
        var scoring = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "samples", "scoring.json"));
        Assert.Contains("//", scoring, StringComparison.Ordinal); // the point of the test: the shipped sample has comments
        var withTrailingComma = scoring.TrimEnd()[..^1].TrimEnd() + ",\n  /* block comment */\n}";

        var activated = await app.Configuration.ActivateAsync("scoring", withTrailingComma, CancellationToken.None);
        var active = await app.Configuration.ReadActiveAsync("scoring", CancellationToken.None);

        Assert.True(activated.IsSuccess, string.Join("; ", activated.Errors));
        var document = Assert.Single(active).Document;
        Assert.Equal("b2b-default", document.GetProperty("id").GetString());
        Assert.Equal(activated.Value.Version, active[0].Version);
    }
}
