// Load driver: funnel report latency over projections of 10k / 100k / 1M leads, on the in-memory store
// and (up to --table-max leads) on Azure Tables in Azurite; "replay [N]" times a what-if replay instead. Not a test: run it by hand (see bench/README.md).
using System.Diagnostics;
using System.Globalization;
using FunnelAutomation.Application;
using FunnelAutomation.Application.Analytics;
using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Azure.Analytics;
using FunnelAutomation.TestSupport;
using FunnelAutomation.Bench.Analytics;
using FunnelAutomation.Core.Analytics;
using FunnelAutomation.Core.Routing;

if (args is ["replay", .. var replayArgs])
{
    // What-if replay of a routing change over N generated leads (default 100,000): see bench/README.md.
    return await ReplayBench.RunAsync(replayArgs, AzuriteServer.FindRepositoryRoot() ?? throw new InvalidOperationException("run from inside the repository"));
}

int[] sizes = [10_000, 100_000, 1_000_000];
var tableMax = 100_000;
var iterations = 20;
string? connectionString = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--sizes":
            sizes = [.. args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
            break;
        case "--table-max":
            tableMax = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--iterations":
            iterations = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--connection-string":
            connectionString = args[++i];
            break;
        default:
            Console.Error.WriteLine("usage: [--sizes 10000,100000,1000000] [--table-max N] [--iterations K] [--connection-string CS]");
            return 2;
    }
}

var root = AzuriteServer.FindRepositoryRoot() ?? throw new InvalidOperationException("run from inside the repository");
using var azurite = connectionString is null && sizes.Any(s => s <= tableMax) ? await AzuriteServer.StartAsync(root) : null;
connectionString ??= azurite?.ConnectionString;
Console.WriteLine($"cores: {Environment.ProcessorCount}, iterations per query: {iterations}, table store up to {tableMax:N0} leads"
    + (azurite is null ? string.Empty : $", Azurite pid {azurite.ProcessId}"));

var stores = new BenchStores();
var time = new FixedTime(LeadGenerator.Now);
var configuration = new ConfigurationService(stores, stores, new FunnelOptions(), time);
await configuration.SeedAsync(Path.Combine(root, "samples"), CancellationToken.None);
var pipeline = (await configuration.GetAsync(CancellationToken.None)).Pipelines["b2b-standard"];
foreach (var rep in LeadGenerator.Reps)
{
    await stores.UpsertAsync(new Rep { Id = rep, Name = rep, Email = rep + "@seller.example", Team = LeadGenerator.TeamOf(rep) }, CancellationToken.None);
}

Console.WriteLine();
Console.WriteLine("| leads | store | rebuild | buckets | open rows | funnel p50 | funnel p95 | filtered (team) p50 | cohorts p50 | entered / won / open |");
Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
foreach (var size in sizes)
{
    var kinds = size <= tableMax && connectionString is not null ? new[] { "memory", "table" } : ["memory"];
    foreach (var kind in kinds)
    {
        IFunnelProjectionStore store;
        if (kind == "memory")
        {
            store = new InMemoryFunnelProjectionStore();
        }
        else
        {
            var table = new FunnelProjectionTableStore(connectionString!, "bench" + Guid.NewGuid().ToString("N")[..8]);
            await table.InitializeAsync();
            store = table;
        }

        var service = new FunnelAnalyticsService(store, stores, configuration, time);
        var watch = Stopwatch.StartNew();
        var rebuild = await service.RebuildAsync(LeadGenerator.GenerateAsync(pipeline, size, seed: 2026));
        var rebuildTime = watch.Elapsed;
        GC.Collect();

        var all = new FunnelQuery { PipelineId = pipeline.Id, From = CohortMonth.Of(LeadGenerator.Start), To = CohortMonth.Of(LeadGenerator.Now) };
        var team = all with { Team = "team-3" };
        var (report, funnel) = await MeasureAsync(() => service.GetFunnelAsync(all), iterations);
        var (_, filtered) = await MeasureAsync(() => service.GetFunnelAsync(team), iterations);
        var (_, cohorts) = await MeasureAsync(() => service.GetCohortsAsync(all), iterations);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {size:N0} | {kind} | {rebuildTime.TotalSeconds:N1} s ({size / rebuildTime.TotalSeconds:N0} leads/s) | {rebuild.Buckets:N0} | {rebuild.OpenLeads:N0} | {funnel.P50:N1} ms | {funnel.P95:N1} ms | {filtered.P50:N1} ms | {cohorts.P50:N1} ms | {report.Entered:N0} / {report.Won:N0} / {report.Open:N0} |"));
    }
}

return 0;

static async Task<(T Last, (double P50, double P95) Millis)> MeasureAsync<T>(Func<Task<T>> run, int iterations)
{
    var last = await run(); // warm-up: JIT, connections
    await run();
    var samples = new double[iterations];
    for (var i = 0; i < iterations; i++)
    {
        var watch = Stopwatch.StartNew();
        last = await run();
        samples[i] = watch.Elapsed.TotalMilliseconds;
    }

    Array.Sort(samples);
    return (last, (samples[iterations / 2], samples[Math.Min(iterations - 1, (int)Math.Ceiling(iterations * 0.95) - 1)]));
}
