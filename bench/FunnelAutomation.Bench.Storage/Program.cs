// Load driver: raw Azure Tables upserts of a lead-sized entity vs the lead repository's upsert path
// (point read + conditional insert/replace, JSON columns). Not a test: run it by hand (see bench/README.md).
using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using FunnelAutomation.Azure;
using FunnelAutomation.TestSupport;
using FunnelAutomation.Azure.Storage;
using FunnelAutomation.Core.Leads;

var leads = 2000;
var concurrency = 32;
string? connectionString = null;
int[]? queueDepths = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--leads":
            leads = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--concurrency":
            concurrency = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--connection-string":
            connectionString = args[++i];
            break;
        case "--queue-depths":
            queueDepths = args[++i].Split(',').Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToArray();
            break;
        default:
            Console.Error.WriteLine("usage: [--leads N] [--concurrency C] [--connection-string CS] [--queue-depths 500,3000,10000 (only the queue probe)]");
            return 2;
    }
}

using var azurite = connectionString is null ? await AzuriteServer.StartAsync() : null;
connectionString ??= azurite!.ConnectionString;
Console.WriteLine(azurite is null ? "Azurite: given connection string" : $"Azurite: started (pid {azurite.ProcessId}, table port {azurite.TablePort})");
Console.WriteLine($"leads: {leads}, concurrency: {concurrency}, cores: {Environment.ProcessorCount}");

var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
if (queueDepths is not null)
{
    // Receive + delete rate with D messages queued: Azure Storage queues do not depend on depth; the emulator does.
    foreach (var depth in queueDepths)
    {
        var queue = new Azure.Storage.Queues.QueueClient(connectionString, $"{prefix}-depth{depth}");
        await queue.CreateIfNotExistsAsync();
        var fill = await RunAsync(depth, concurrency, i => queue.SendMessageAsync("m" + i.ToString(CultureInfo.InvariantCulture)));
        var taken = Stopwatch.StartNew();
        var received = 0;
        while (received < 320)
        {
            var batch = (await queue.ReceiveMessagesAsync(32)).Value;
            await Task.WhenAll(batch.Select(m => queue.DeleteMessageAsync(m.MessageId, m.PopReceipt)));
            received += batch.Length;
        }

        Console.WriteLine($"queue depth {depth,6:N0}: puts {depth / fill.TotalSeconds,6:N0}/s; receive + delete of 320 messages at that depth {received / taken.Elapsed.TotalSeconds,6:N0}/s");
    }

    return 0;
}

var storage = new FunnelStorage(connectionString, prefix);
await storage.InitializeAsync();
var rawTable = new TableServiceClient(connectionString).GetTableClient(prefix + "RawLeads");
await rawTable.CreateIfNotExistsAsync();

var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
var profiles = Enumerable.Range(0, leads).Select(Profile).ToArray();

// Warm-up: connections, JIT.
await RunAsync(64, concurrency, i => rawTable.UpsertEntityAsync(RawEntity(Profile(leads + i), start), TableUpdateMode.Replace));
await RunAsync(64, concurrency, i => storage.Leads.UpsertSubmissionAsync(Profile(leads + 100 + i), start));

var raw = await RunAsync(leads, concurrency, i => rawTable.UpsertEntityAsync(RawEntity(profiles[i], start), TableUpdateMode.Replace));
var repository = await RunAsync(leads, concurrency, i => storage.Leads.UpsertSubmissionAsync(profiles[i], start));
var repeat = await RunAsync(leads, concurrency, i => storage.Leads.UpsertSubmissionAsync(profiles[i] with { Phone = "+1 555 0100" }, start.AddDays(1)));

Console.WriteLine($"raw table upserts:              {Rate(raw),8:N0} /s  ({raw.TotalSeconds:N2} s)");
Console.WriteLine($"repository lead upserts (new):  {Rate(repository),8:N0} /s  ({repository.TotalSeconds:N2} s)");
Console.WriteLine($"repository lead upserts (dedupe merge): {Rate(repeat),8:N0} /s  ({repeat.TotalSeconds:N2} s)");
Console.WriteLine($"ratio repository/raw (new):     {Rate(repository) / Rate(raw):P0}");
return 0;

double Rate(TimeSpan elapsed) => leads / elapsed.TotalSeconds;

static async Task<TimeSpan> RunAsync(int count, int concurrency, Func<int, Task> operation)
{
    var watch = Stopwatch.StartNew();
    await Parallel.ForEachAsync(
        Enumerable.Range(0, count),
        new ParallelOptions { MaxDegreeOfParallelism = concurrency },
        async (i, _) => await operation(i).ConfigureAwait(false)).ConfigureAwait(false);
    return watch.Elapsed;
}

static LeadProfile Profile(int i) => new()
{
    Email = string.Create(CultureInfo.InvariantCulture, $"person{i}@company{i % 97}.example"),
    FirstName = "First" + i.ToString(CultureInfo.InvariantCulture),
    LastName = "Last",
    Company = string.Create(CultureInfo.InvariantCulture, $"Company {i % 97}"),
    JobTitle = "Head of Operations",
    Industry = "manufacturing",
    Employees = 50 + (i % 900),
    Country = "DE",
    Source = "website",
    Qualification = new Qualification { Budget = 10_000m, IsDecisionMaker = true, Need = NeedLevel.Medium, TimelineMonths = 6 },
};

// The same columns the repository writes for a new lead, without the read or the ETag condition.
static TableEntity RawEntity(LeadProfile profile, DateTimeOffset at) => new(LeadId.ForEmail(profile.Email), "lead")
{
    ["SchemaVersion"] = 1,
    ["LeadId"] = LeadId.ForEmail(profile.Email),
    ["Email"] = profile.Email,
    ["Company"] = profile.Company,
    ["Country"] = profile.Country,
    ["Source"] = profile.Source,
    ["CreatedAt"] = at,
    ["UpdatedAt"] = at,
    ["Status"] = "Open",
    ["ProfileJson"] = StorageJson.Serialize(profile),
    ["HistoryJson"] = "[]",
};
