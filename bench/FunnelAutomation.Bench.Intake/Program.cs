// Load driver for lead intake and journey timers (issue 8). Not a test: run it by hand (see bench/README.md).
// Phases: (1) raw Azurite floor — plain queue puts and table upserts, same concurrency; (2) N clients post M
// leads to /api/leads of the Host (in-process on 127.0.0.1:0, or --url), then wait until every accepted lead has
// its welcome email in the outbox; storage requests are counted per lead; (3) J journeys whose timers fall due
// together on the Durable Task engine (wall-clock timers). --kill-restart and --scale-out replace them with runs
// of the Host as separate processes. Everything is loopback and bounded in time.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using FunnelAutomation.Azure;
using FunnelAutomation.TestSupport;
using FunnelAutomation.Bench.Intake;
using FunnelAutomation.Host;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

var leads = 2000;
var concurrency = 16;
var journeys = 10_000;
var timeoutSeconds = 600;
string? url = null;
var key = "bench-function-key";
var kills = 0;
var rate = 0.0;
var dueSeconds = -1.0;
var scaleOut = false;
var importRows = 0;
var importProcess = 300;
var importKills = 1;
var viaSendGrid = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--leads": leads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--concurrency": concurrency = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--journeys": journeys = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--timeout": timeoutSeconds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--url": url = args[++i]; break;
        case "--key": key = args[++i]; break;
        case "--kill-restart": kills = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--rate": rate = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--journey-due-seconds": dueSeconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--scale-out": scaleOut = true; break;
        case "--sendgrid": viaSendGrid = true; break;
        case "--import": importRows = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--import-process": importProcess = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--import-kills": importKills = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default:
            Console.Error.WriteLine("usage: [--leads 2000 (0: journeys only)] [--concurrency 16] [--journeys 10000] [--timeout 600] [--url http://host --key K] [--kill-restart K (the no-loss run: SIGKILL the Host K times) [--rate leads/s (0: as fast as the clients go)]] [--journey-due-seconds S (timers due S s after the first start; default 30 + J/20)] [--scale-out (two Hosts on one hub, one SIGKILLed; uses --leads)] [--sendgrid (the in-process run sends through the SendGrid client to a local stand-in that accepts everything, instead of the dev outbox)] [--import N (bulk import: N rows accepted, then --import-process M rows end to end with --import-kills K SIGKILLs; defaults 300, 1)]");
            return 2;
    }
}

var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
using var azurite = await AzuriteServer.StartAsync();
var connectionString = azurite.ConnectionString;
var prefix = "bi" + Guid.NewGuid().ToString("N")[..8];
using var ops = new StorageOpCounter(prefix, azurite.BlobPort);
Console.WriteLine($"cores: {Environment.ProcessorCount}, load avg: {LoadAverage()}, leads: {leads}, clients: {concurrency}, journeys: {journeys}");

if (kills > 0)
{
    // The no-loss run replaces the throughput phases: its numbers include K kills and SendGrid faults.
    return await KillRestartLoad.RunAsync(connectionString, leads, concurrency, kills, rate, deadline) ? 0 : 1;
}

if (importRows > 0)
{
    return await ImportLoad.RunAsync(connectionString, importRows, importProcess, importKills, deadline) ? 0 : 1;
}

if (scaleOut)
{
    return await ScaleOutLoad.RunAsync(connectionString, leads, concurrency, deadline) ? 0 : 1;
}

HttpClient http = null!;
FunnelStorage outbox = null!;
if (leads > 0)
{
    // ---- (1) Raw Azurite floor -------------------------------------------------------------------------------
    var rawQueue = new QueueServiceClient(connectionString).GetQueueClient(prefix + "-raw");
    await rawQueue.CreateIfNotExistsAsync();
    var rawTable = new TableServiceClient(connectionString).GetTableClient(prefix + "Raw");
    await rawTable.CreateIfNotExistsAsync();
    var payload = Convert.ToBase64String(new byte[700]); // ~ a lead submission envelope (JSON, base64)
    await Load.RunAsync(64, concurrency, _ => rawQueue.SendMessageAsync(payload));
    var queueFloor = await Load.RunAsync(leads, concurrency, _ => rawQueue.SendMessageAsync(payload));
    var tableFloor = await Load.RunAsync(leads, concurrency, i => rawTable.UpsertEntityAsync(RawLead(i), TableUpdateMode.Replace));
    Console.WriteLine($"floor: queue puts {queueFloor.Rate,8:N0}/s   table upserts {tableFloor.Rate,8:N0}/s   (p50 {queueFloor.P50:N1} / {tableFloor.P50:N1} ms)");

    // ---- (2) Intake through the Host ------------------------------------------------------------------------
    WebApplication? app = null;
    SendGridStandIn? sendGrid = null;
    if (url is null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Storage"] = connectionString,
            ["Host:SamplesPath"] = Path.Combine(AppContext.BaseDirectory, "samples"),
            ["Host:StoragePrefix"] = prefix,
            ["Host:FunctionKey"] = key,
            ["Host:LeadPostsPerMinute"] = "10000000",
            ["Funnel:SendWindowStartHour"] = "0",
            ["Funnel:SendWindowEndHour"] = "24",
            ["Funnel:MaxEmailsPerDay"] = "1000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        for (var d = 0; d < 7; d++)
        {
            settings[$"Funnel:SendDays:{d}"] = ((DayOfWeek)d).ToString();
        }

        if (viaSendGrid)
        {
            // The production send path (claim, SendGrid, sent log): the outbox the driver waits on is written for it too.
            sendGrid = await SendGridStandIn.StartAsync(_ => 202, keepRequests: false);
            settings["SendGrid:ApiKey"] = "SG.bench-key";
            settings["SendGrid:Host"] = sendGrid.Host;
        }

        app = FunnelHost.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(settings);
        });
        await app.StartAsync();
        url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
    http.DefaultRequestHeaders.Add("x-functions-key", key);
    outbox = new FunnelStorage(connectionString, prefix); // reads the outbox directly (the API caps a page at 500)

    // Warm-up: JIT, connections, configuration load.
    var warm = await PostLeadsAsync("warm", 32);
    await WaitForWelcomesAsync(warm.Accepted.Keys.ToHashSet(StringComparer.Ordinal), TimeSpan.FromSeconds(120));

    ops.Reset();
    var started = Stopwatch.StartNew();
    var run = await PostLeadsAsync("lead", leads);
    var postSeconds = started.Elapsed.TotalSeconds;
    var waitingFor = run.Accepted.Keys.ToHashSet(StringComparer.Ordinal);
    var welcomes = await WaitForWelcomesAsync(waitingFor, deadline - DateTime.UtcNow);
    var allSeconds = started.Elapsed.TotalSeconds;
    var counted = ops.Snapshot();

    var accepted = run.Accepted.Count;
    var acceptRate = accepted / postSeconds;
    var endToEnd = welcomes.Where(w => run.Accepted.ContainsKey(w.Key))
        .Select(w => (w.Value - run.Accepted[w.Key]).TotalMilliseconds).Order().ToArray();
    Console.WriteLine($"posted {leads}: {accepted} accepted (202), other statuses: {string.Join(", ", run.Statuses.Where(s => s.Key != 202).Select(s => $"{s.Key}×{s.Value}"))}");
    Console.WriteLine($"accept: {acceptRate,8:N0} leads/s   post latency p50 {Load.Percentile(run.Latencies, 0.50):N1} ms  p99 {Load.Percentile(run.Latencies, 0.99):N1} ms");
    Console.WriteLine($"welcome emails: {endToEnd.Length}/{accepted} in {allSeconds:N1} s → {endToEnd.Length / allSeconds:N1} leads/s end to end");
    Console.WriteLine($"accepted→welcome in outbox: p50 {Load.Percentile(endToEnd, 0.50) / 1000:N2} s  p99 {Load.Percentile(endToEnd, 0.99) / 1000:N2} s  max {(endToEnd.Length > 0 ? endToEnd[^1] / 1000 : 0):N2} s");
    Console.WriteLine($"accept ÷ raw queue floor: {acceptRate / queueFloor.Rate:P0}   end-to-end ÷ raw table floor: {endToEnd.Length / allSeconds / tableFloor.Rate:P1}");
    PrintOps(counted, Math.Max(1, accepted));
    if (sendGrid is not null)
    {
        Console.WriteLine($"SendGrid stand-in: {sendGrid.RequestCount} requests, {sendGrid.AcceptedByKey.Count} emails accepted, {sendGrid.AcceptedByKey.Count(k => k.Value > 1)} keys accepted twice");
    }

    if (app is not null)
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    if (sendGrid is not null)
    {
        await sendGrid.DisposeAsync();
    }
}

// ---- (3) Journey timers falling due together -------------------------------------------------------------
if (journeys > 0)
{
    var due = TimeSpan.FromSeconds(dueSeconds >= 0 ? dueSeconds : 30 + (journeys / 20.0));
    var result = await JourneyLoad.RunAsync(connectionString, ops, journeys, concurrency, due, deadline);
    Console.WriteLine(result);
}

return 0;

async Task<(ConcurrentDictionary<string, DateTimeOffset> Accepted, double[] Latencies, ConcurrentDictionary<int, int> Statuses)> PostLeadsAsync(string tag, int count)
{
    var acceptedAt = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
    var statuses = new ConcurrentDictionary<int, int>();
    var runId = Guid.NewGuid().ToString("N")[..6];
    var result = await Load.RunAsync(count, concurrency, async i =>
    {
        var body = new
        {
            email = $"{tag}{i}.{runId}@buyer{i % 97}.example",
            firstName = "Bench",
            lastName = "Lead",
            company = $"Buyer {i % 97}",
            jobTitle = i % 3 == 0 ? "CTO" : "Marketing Manager",
            industry = i % 2 == 0 ? "software" : "manufacturing",
            employees = 50 + (i % 7 * 300),
            country = (i % 4) switch { 0 => "DE", 1 => "US", 2 => "JP", _ => "GB" },
        };
        using var response = await http.PostAsJsonAsync("/api/leads", body);
        statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            var json = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            acceptedAt[json.GetProperty("leadId").GetString()!] = DateTimeOffset.UtcNow;
        }
    });
    return (acceptedAt, result.Latencies, statuses);
}

// Every 2 s reads the whole outbox; returns each lead's welcome SentAt (the Host's real clock).
async Task<Dictionary<string, DateTimeOffset>> WaitForWelcomesAsync(HashSet<string> leadIds, TimeSpan within)
{
    var until = DateTime.UtcNow + within;
    var found = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
    while (DateTime.UtcNow < until)
    {
        foreach (var entry in await outbox.SentEmails.ListOutboxAsync(leadIds.Count + 1000))
        {
            if (leadIds.Contains(entry.LeadId) && entry.StepKey.Contains("welcome", StringComparison.Ordinal))
            {
                found.TryAdd(entry.LeadId, entry.SentAt);
            }
        }

        if (found.Count >= leadIds.Count)
        {
            break;
        }

        await Task.Delay(2000);
    }

    return found;
}

void PrintOps(IReadOnlyDictionary<string, int> counts, int perLeads)
{
    Console.WriteLine($"storage requests during the run, per accepted lead ({perLeads} leads):");
    var work = 0;
    foreach (var (op, n) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
    {
        var polling = op.StartsWith("GET queue:", StringComparison.Ordinal) || op.Contains("EmailOutbox(query)", StringComparison.Ordinal);
        if (!polling)
        {
            work += n;
        }

        Console.WriteLine($"  {op,-52} {n,7}  {(double)n / perLeads,6:N2}/lead{(polling ? "  (polling/measurement)" : string.Empty)}");
    }

    Console.WriteLine($"  total without queue polls and the driver's outbox reads: {(double)work / perLeads:N2} requests/lead");
}

static TableEntity RawLead(int i) => new("p" + (i % 64).ToString(CultureInfo.InvariantCulture), "lead" + i.ToString(CultureInfo.InvariantCulture))
{
    ["Email"] = $"raw{i}@buyer.example",
    ["Profile"] = new string('x', 600),
    ["Score"] = 55,
    ["Stage"] = "prospect",
};

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
