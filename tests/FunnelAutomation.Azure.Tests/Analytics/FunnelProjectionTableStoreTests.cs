using FunnelAutomation.TestSupport;
using Azure.Data.Tables;
using FunnelAutomation.Application.Analytics;
using FunnelAutomation.Azure.Analytics;
using FunnelAutomation.Core.Analytics;

namespace FunnelAutomation.Azure.Tests.Analytics;

[Collection(UsesAzurite.Name)]
public sealed class FunnelProjectionTableStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly CohortMonth March = new(2026, 3);

    private async Task<FunnelProjectionTableStore> NewStoreAsync()
    {
        var store = new FunnelProjectionTableStore(azurite.ConnectionString, azurite.NewPrefix());
        await store.InitializeAsync();
        return store;
    }

    private static FunnelBucketKey Key(string owner = "rep-1", CohortMonth? month = null, string pipeline = "b2b-standard") =>
        new(pipeline, month ?? March, "website", owner, "emea", "A");

    private static FunnelCounters Counters(long reached, long won = 0, decimal amount = 0m, decimal days = 0m)
    {
        var counters = new FunnelCounters { Won = won, WonAmount = amount, WonWithAmount = won, WonCycleDays = days };
        counters.Reached["prospect"] = reached;
        counters.StageDays["prospect"] = days;
        counters.StageStays["prospect"] = reached;
        return counters;
    }

    private static OpenLeadRow Open(string leadId, string stage, DateTimeOffset version, decimal? amount = 1_000.50m) =>
        new(leadId, Key(), stage, version, amount, version);

    [Fact]
    public async Task Concurrent_deltas_to_one_bucket_all_land()
    {
        var store = await NewStoreAsync();

        await Parallel.ForEachAsync(Enumerable.Range(0, 40), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await store.ApplyBucketDeltasAsync([new FunnelBucket(Key(), Counters(1, 1, 10.25m, 1.000001m))], ct));

        var bucket = Assert.Single(await store.ReadBucketsAsync("b2b-standard", March, March, CancellationToken.None));
        Assert.Equal(Key(), bucket.Key);
        Assert.Equal(40, bucket.Counters.ReachedAt("prospect"));
        Assert.Equal(40, bucket.Counters.Won);
        Assert.Equal(410m, bucket.Counters.WonAmount);          // 40 × 10.25, exact
        Assert.Equal(40.00004m, bucket.Counters.WonCycleDays);  // 40 × 1.000001, exact
    }

    [Fact]
    public async Task A_bucket_whose_leads_all_left_under_concurrent_writers_is_not_reported_and_counts_stay_exact()
    {
        var store = await NewStoreAsync();
        var minusOne = new FunnelCounters();
        minusOne.Add(Counters(1), -1);

        // 40 leads enter the bucket and 40 leave it, 16 writers at a time.
        await Parallel.ForEachAsync(Enumerable.Range(0, 80), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await store.ApplyBucketDeltasAsync([new FunnelBucket(Key(), i < 40 ? Counters(1) : minusOne)], ct));
        var empty = await store.ReadBucketsAsync("b2b-standard", March, March, CancellationToken.None);
        await Parallel.ForEachAsync(Enumerable.Range(0, 24), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await store.ApplyBucketDeltasAsync([new FunnelBucket(Key(), Counters(1))], ct));
        while (await store.FoldBucketsAsync("b2b-standard", March, CancellationToken.None) > 0)
        {
        }

        var rows = await RowsAsync(store.Tables[0]);
        Assert.True(empty.Count == 0, string.Join(";", empty.Select(b => $"reached {b.Counters.ReachedAt("prospect")} stays {b.Counters.StageStays.GetValueOrDefault("prospect")} days {b.Counters.StageDays.GetValueOrDefault("prospect")}")));
        Assert.Equal(24, Assert.Single(await store.ReadBucketsAsync("b2b-standard", March, March, CancellationToken.None)).Counters.ReachedAt("prospect"));
        Assert.Equal("-00", Assert.Single(rows).RowKey[^3..]); // every delta folded into the one sum row
    }

    [Fact]
    public async Task Folds_racing_the_writers_and_each_other_lose_and_double_nothing()
    {
        var store = await NewStoreAsync();
        using var writing = new CancellationTokenSource();
        var sequenceFolds = 0;
        // Four folders on each table, as fast as they can, while 16 writers append 300 deltas to one bucket and one step.
        var folders = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!writing.IsCancellationRequested)
            {
                await store.FoldBucketsAsync("b2b-standard", March, CancellationToken.None);
                Interlocked.Add(ref sequenceFolds, await store.FoldSequenceAsync("welcome", CancellationToken.None));
            }
        })).ToList();
        await Parallel.ForEachAsync(Enumerable.Range(0, 300), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            await store.ApplyBucketDeltasAsync([new FunnelBucket(Key(), Counters(1, 1, 0.5m))], ct);
            await store.IncrementSequenceCountersAsync(new SequenceStepCounters("welcome", "intro", Sent: 1) { VariantId = i % 2 == 0 ? "b" : null }, ct);
        });
        await writing.CancelAsync();
        await Task.WhenAll(folders);

        var bucket = Assert.Single(await store.ReadBucketsAsync("b2b-standard", March, March, CancellationToken.None));
        Assert.Equal(300, bucket.Counters.ReachedAt("prospect"));
        Assert.Equal(150m, bucket.Counters.WonAmount);
        var steps = await store.ListSequenceCountersAsync("welcome", CancellationToken.None);
        Assert.Equal([150L, 150L], steps.OrderBy(s => s.VariantId).Select(s => s.Sent));
        Assert.True(sequenceFolds > 0, "no fold took any delta while the writers ran");

        while (await store.FoldBucketsAsync("b2b-standard", March, CancellationToken.None) + await store.FoldSequenceAsync("welcome", CancellationToken.None) > 0)
        {
        }

        Assert.Single(await RowsAsync(store.Tables[0]));
        Assert.Equal(2, (await RowsAsync(store.Tables[2])).Count); // the step's and its variant's sum rows
        Assert.Equal(300, Assert.Single(await store.ReadBucketsAsync("b2b-standard", March, March, CancellationToken.None)).Counters.Won);
        Assert.Equal(300, (await store.ListSequenceCountersAsync("welcome", CancellationToken.None)).Sum(s => s.Sent));
    }

    private async Task<List<TableEntity>> RowsAsync(string table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in new TableServiceClient(azurite.ConnectionString).GetTableClient(table).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    [Fact]
    public async Task Buckets_are_read_by_pipeline_and_month_range_and_vanish_at_zero()
    {
        var store = await NewStoreAsync();
        await store.ApplyBucketDeltasAsync(
        [
            new FunnelBucket(Key("rep-1"), Counters(3)),
            new FunnelBucket(Key("rep-2"), Counters(2)),
            new FunnelBucket(Key("rep-1", new CohortMonth(2026, 1)), Counters(5)),
            new FunnelBucket(Key("rep-1", new CohortMonth(2025, 12)), Counters(7)),
            new FunnelBucket(Key("rep-1", pipeline: "other"), Counters(9)),
            new FunnelBucket(Key("odd/id#with?chars"), Counters(1)),
        ], CancellationToken.None);

        var q1 = await store.ReadBucketsAsync("b2b-standard", new CohortMonth(2026, 1), March, CancellationToken.None);
        Assert.Equal(11, q1.Sum(b => b.Counters.ReachedAt("prospect")));  // 3 + 2 + 5 + 1
        Assert.Contains(q1, b => b.Key.OwnerRepId == "odd/id#with?chars");
        var all = await store.ReadBucketsAsync("b2b-standard", new CohortMonth(2025, 1), March, CancellationToken.None);
        Assert.Equal(18, all.Sum(b => b.Counters.ReachedAt("prospect")));

        var minus = new FunnelCounters();
        minus.Add(Counters(2), -1); // the negated counters of rep-2's bucket
        await store.ApplyBucketDeltasAsync([new FunnelBucket(Key("rep-2"), minus)], CancellationToken.None);
        var after = await store.ReadBucketsAsync("b2b-standard", March, March, CancellationToken.None);
        Assert.DoesNotContain(after, b => b.Key.OwnerRepId == "rep-2");
    }

    [Fact]
    public async Task Open_leads_keep_the_newest_version_and_stale_deletes_are_ignored()
    {
        var store = await NewStoreAsync();
        await store.UpsertOpenLeadsAsync([Open("lead-1", "initial-contact", T0.AddHours(2))], CancellationToken.None);
        await store.UpsertOpenLeadsAsync([Open("lead-1", "prospect", T0.AddHours(1))], CancellationToken.None); // stale
        await store.DeleteOpenLeadAsync(new OpenLeadKey("b2b-standard", "lead-1", T0.AddHours(1)), CancellationToken.None); // stale

        var row = Assert.Single(await store.ListOpenLeadsAsync("b2b-standard", CancellationToken.None));
        Assert.Equal(Open("lead-1", "initial-contact", T0.AddHours(2)), row);

        await store.DeleteOpenLeadAsync(new OpenLeadKey("b2b-standard", "lead-1", T0.AddHours(3)), CancellationToken.None);
        Assert.Empty(await store.ListOpenLeadsAsync("b2b-standard", CancellationToken.None));

        // A new lead's insert that meets a row after all (a rebuild wrote it first) is the same newest-wins write.
        await store.InsertOpenLeadAsync(Open("lead-2", "prospect", T0), CancellationToken.None);
        await store.InsertOpenLeadAsync(Open("lead-2", "stale", T0.AddHours(-1)), CancellationToken.None);
        Assert.Equal("prospect", Assert.Single(await store.ListOpenLeadsAsync("b2b-standard", CancellationToken.None)).Stage);
        await store.InsertOpenLeadAsync(Open("lead-2", "initial-contact", T0.AddHours(1)), CancellationToken.None);
        Assert.Equal("initial-contact", Assert.Single(await store.ListOpenLeadsAsync("b2b-standard", CancellationToken.None)).Stage);
    }

    [Fact]
    public async Task Bulk_open_rows_spread_over_shards_list_back_and_clear()
    {
        var store = await NewStoreAsync();
        var rows = Enumerable.Range(0, 450).Select(i => Open($"lead-{i}", "prospect", T0, i % 3 == 0 ? null : i)).ToList();
        await store.UpsertOpenLeadsAsync(rows, CancellationToken.None);
        // A second bulk write meeting existing rows falls back to the per-row path.
        await store.UpsertOpenLeadsAsync([Open("lead-1", "needs-confirmed", T0.AddDays(1)), Open("lead-new", "prospect", T0)], CancellationToken.None);
        await store.ApplyBucketDeltasAsync([new FunnelBucket(Key(), Counters(450))], CancellationToken.None);

        var listed = await store.ListOpenLeadsAsync("b2b-standard", CancellationToken.None);
        Assert.Equal(451, listed.Count);
        Assert.Equal("needs-confirmed", listed.Single(r => r.LeadId == "lead-1").Stage);
        Assert.Equal(rows.Where(r => r.LeadId != "lead-1").Sum(r => r.Amount ?? 0), listed.Where(r => r.LeadId is not "lead-1" and not "lead-new").Sum(r => r.Amount ?? 0));
        Assert.Equal(FunnelProjectionTableStore.OpenLeadShards, rows.Select(r => FunnelProjectionTableStore.OpenPartition(r.PipelineId, r.LeadId)).Distinct().Count());

        await store.RecordEmailTouchAsync(new EmailTouch("lead-1", "welcome", "intro", T0), leadIsNew: false, CancellationToken.None);
        await store.IncrementSequenceCountersAsync(new SequenceStepCounters("welcome", "intro", Sent: 1), CancellationToken.None);
        await store.ClearFunnelAsync(CancellationToken.None);

        Assert.Empty(await store.ListOpenLeadsAsync("b2b-standard", CancellationToken.None));
        Assert.Empty(await store.ReadBucketsAsync("b2b-standard", March, March, CancellationToken.None));
        Assert.Single(await store.ListEmailTouchesAsync("lead-1", CancellationToken.None));
        Assert.Single(await store.ListSequenceCountersAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task Sequence_counters_increment_concurrently_and_touches_keep_the_latest()
    {
        var store = await NewStoreAsync();
        var events = Enumerable.Range(0, 30).Select(i => (EmailEventType)(i % 6)).ToList();
        await Parallel.ForEachAsync(events, new ParallelOptions { MaxDegreeOfParallelism = 10 }, async (e, ct) =>
            await store.IncrementSequenceCountersAsync(SequenceStepCounters.For("welcome/nurture", "step#1", e), ct));
        await store.IncrementSequenceCountersAsync(new SequenceStepCounters("welcome/nurture", "step#1", Conversions: 2), CancellationToken.None);
        await store.IncrementSequenceCountersAsync(SequenceStepCounters.For("win-back", "hello", EmailEventType.Sent), CancellationToken.None);

        var welcome = Assert.Single(await store.ListSequenceCountersAsync("welcome/nurture", CancellationToken.None)); // summed over its rows
        Assert.Equal(new SequenceStepCounters("welcome/nurture", "step#1", 5, 5, 5, 5, 5, 5, 2), welcome);
        Assert.Equal(2, (await store.ListSequenceCountersAsync(null, CancellationToken.None)).Count);

        await store.RecordEmailTouchAsync(new EmailTouch("lead-1", "welcome", "second", T0.AddDays(2)), leadIsNew: false, CancellationToken.None);
        await store.RecordEmailTouchAsync(new EmailTouch("lead-1", "welcome", "first", T0), leadIsNew: false, CancellationToken.None); // older: ignored
        // A guess that the lead is new inserts without a read; where a touch is there after all, the newest still wins.
        await store.RecordEmailTouchAsync(new EmailTouch("lead-1", "welcome", "first", T0.AddDays(1)), leadIsNew: true, CancellationToken.None); // older: ignored
        await store.RecordEmailTouchAsync(new EmailTouch("lead-1", "win-back", "hello", T0), leadIsNew: true, CancellationToken.None);
        await store.RecordEmailTouchAsync(new EmailTouch("lead-2", "welcome", "first", T0), leadIsNew: true, CancellationToken.None);
        await store.RecordEmailTouchAsync(new EmailTouch("lead-2", "welcome", "second", T0.AddDays(2)), leadIsNew: true, CancellationToken.None); // newer: replaces
        var touches = (await store.ListEmailTouchesAsync("lead-1", CancellationToken.None)).OrderBy(t => t.SequenceId).ToList();
        Assert.Equal([new EmailTouch("lead-1", "welcome", "second", T0.AddDays(2)), new EmailTouch("lead-1", "win-back", "hello", T0)], touches);
        Assert.Equal(new EmailTouch("lead-2", "welcome", "second", T0.AddDays(2)), Assert.Single(await store.ListEmailTouchesAsync("lead-2", CancellationToken.None)));
    }

    [Fact]
    public async Task Variant_counters_are_rows_of_their_own_and_touches_keep_their_variant()
    {
        var store = await NewStoreAsync();
        await Parallel.ForEachAsync(Enumerable.Range(0, 20), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await store.IncrementSequenceCountersAsync(SequenceStepCounters.For("ab", "hello", EmailEventType.Sent, i % 4 == 0 ? "story" : "plain"), ct));
        await store.IncrementSequenceCountersAsync(SequenceStepCounters.For("ab", "hello", EmailEventType.Sent), CancellationToken.None);

        var rows = (await store.ListSequenceCountersAsync("ab", CancellationToken.None)).ToDictionary(c => c.VariantId ?? "-");

        Assert.Equal((15L, 5L, 1L), (rows["plain"].Sent, rows["story"].Sent, rows["-"].Sent));
        await store.RecordEmailTouchAsync(new EmailTouch("lead-v", "ab", "hello", T0, VariantId: "story"), leadIsNew: false, CancellationToken.None);
        Assert.Equal("story", Assert.Single(await store.ListEmailTouchesAsync("lead-v", CancellationToken.None)).VariantId);
        await store.RecordEmailTouchAsync(new EmailTouch("lead-v", "ab", "hello", T0, VariantId: "story", RepliedAt: T0.AddHours(3)), leadIsNew: false, CancellationToken.None);
        Assert.Equal(T0.AddHours(3), Assert.Single(await store.ListEmailTouchesAsync("lead-v", CancellationToken.None)).RepliedAt); // a reply marks the same touch
    }

    [Fact]
    public async Task A_variant_switch_is_stored_once_the_first_of_two_racing_decisions_stands()
    {
        var store = await NewStoreAsync();
        VariantSwitch Decided(string winner, double z) => new("ab", "hello", winner, T0, Core.Nurture.VariantMetric.Click, 0.95, z, 0.01,
            [new VariantOutcome("plain", 300, 30, 300), new VariantOutcome("story", 300, 60, 300)]);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => store.RecordVariantSwitchAsync(Decided(i == 0 ? "story" : "plain", i), CancellationToken.None)));

        var stored = Assert.Single(await store.ListVariantSwitchesAsync("ab", CancellationToken.None));
        Assert.All(results, r => Assert.Equal((stored.WinnerVariantId, stored.Z), (r.WinnerVariantId, r.Z)));
        Assert.Equal(Core.Nurture.VariantMetric.Click, stored.Metric);
        Assert.Equal([30L, 60L], stored.Variants.Select(v => v.Successes));
        Assert.Empty(await store.ListVariantSwitchesAsync("other", CancellationToken.None));
    }

    /// <summary>The same lead changes through the in-memory store and the table store give the same report.</summary>
    [Fact]
    public async Task Reports_from_the_table_store_match_the_in_memory_store()
    {
        var table = await NewStoreAsync();
        var memory = new InMemoryFunnelProjectionStore();
        var pipeline = Core.Pipeline.PipelineDefinition.Load(File.ReadAllText(Path.Combine(AzuriteServer.FindRepositoryRoot()!, "samples", "pipelines", "b2b-standard.json"))).Value;
        var random = new Random(5);
        foreach (var i in Enumerable.Range(0, 40))
        {
            var created = T0.AddDays(-random.Next(0, 60));
            var lead = Lead(i, created, pipeline);
            Core.Leads.Lead? before = null;
            var states = new List<Core.Leads.Lead> { lead };
            var move = Core.Pipeline.PipelineRules.Advance(pipeline, Core.Pipeline.PipelineProgress.Of(lead)!, pipeline.Stages[random.Next(6)].Id, created.AddDays(random.Next(1, 20)), "rep");
            if (move.Moved)
            {
                states.Add(lead with { Stage = move.Progress.Stage, Status = move.Progress.Status, History = move.Progress.History, UpdatedAt = move.Progress.History[^1].At });
            }

            foreach (var state in states)
            {
                var change = FunnelProjection.Apply(before, state, id => id == pipeline.Id ? pipeline : null, _ => "emea");
                foreach (var store in new IFunnelProjectionStore[] { table, memory })
                {
                    await store.ApplyBucketDeltasAsync(change.Deltas, CancellationToken.None);
                    if (change.DeleteOpen is { } key)
                    {
                        await store.DeleteOpenLeadAsync(key, CancellationToken.None);
                    }

                    if (change.UpsertOpen is { } row)
                    {
                        await store.UpsertOpenLeadsAsync([row], CancellationToken.None);
                    }
                }

                before = state;
            }
        }

        var query = new FunnelQuery { PipelineId = pipeline.Id, From = new CohortMonth(2025, 12), To = March };
        async Task<FunnelReport> ReportAsync(IFunnelProjectionStore store) => FunnelReportBuilder.Build(
            pipeline,
            await store.ReadBucketsAsync(pipeline.Id, query.From!.Value, query.To!.Value, CancellationToken.None),
            await store.ListOpenLeadsAsync(pipeline.Id, CancellationToken.None),
            query,
            T0.AddDays(30));
        var fromTable = await ReportAsync(table);
        var fromMemory = await ReportAsync(memory);

        Assert.Equal(40, fromTable.Entered);
        Assert.Equal(fromMemory.Stages, fromTable.Stages);
        Assert.Equal(fromMemory.Stalled, fromTable.Stalled);
        Assert.Equal((fromMemory.Won, fromMemory.AverageCycleDays, fromMemory.WeightedForecast), (fromTable.Won, fromTable.AverageCycleDays, fromTable.WeightedForecast));
    }

    private static Core.Leads.Lead Lead(int i, DateTimeOffset created, Core.Pipeline.PipelineDefinition pipeline)
    {
        var progress = Core.Pipeline.PipelineProgress.Enter(pipeline, created, "form_submitted");
        return new Core.Leads.Lead
        {
            Id = $"lead-{i}",
            Profile = new Core.Leads.LeadProfile { Email = $"p{i}@buyer.example", Source = i % 2 == 0 ? "website" : "import" },
            CreatedAt = created,
            UpdatedAt = created,
            OwnerRepId = $"rep-{i % 3}",
            Amount = i * 1_000m,
            PipelineId = pipeline.Id,
            Stage = progress.Stage,
            Status = progress.Status,
            History = progress.History,
        };
    }
}
