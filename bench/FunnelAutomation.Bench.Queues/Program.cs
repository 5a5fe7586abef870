// Queue listener benchmark (issue 13): our QueueProcessor (as QueueListeners runs it) against the WebJobs SDK's queue
// trigger (what Azure Functions runs), on a private Azurite, with host.json's extensions:queues settings, the same
// trivial handler, duplicates, always-failing ids and malformed messages. Not a test: run it by hand (bench/README.md).
using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using FunnelAutomation.TestSupport;
using FunnelAutomation.Azure.Queues;
using FunnelAutomation.Bench.Queues;

var envelopes = 2000;
var duplicatePercent = 5.0;
var failingPercent = 2.0;
var notBase64 = 10;
var notEnvelope = 10;
var repeat = 1;
var variants = new[] { "ours", "webjobs", "webjobs-bare" };
TimeSpan? retryDelay = null;
var timeoutSeconds = 600;
var verbose = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--envelopes": envelopes = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--duplicate-percent": duplicatePercent = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--failing-percent": failingPercent = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--not-base64": notBase64 = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--not-envelope": notEnvelope = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--repeat": repeat = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--variants": variants = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
        case "--retry-delay": retryDelay = TimeSpan.FromSeconds(double.Parse(args[++i], CultureInfo.InvariantCulture)); break;
        case "--timeout": timeoutSeconds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--verbose": verbose = true; break;
        default:
            Console.Error.WriteLine("usage: [--envelopes 2000] [--duplicate-percent 5] [--failing-percent 2] [--not-base64 10] [--not-envelope 10] [--repeat 1] [--variants ours,webjobs,webjobs-bare] [--retry-delay S (overrides host.json's visibilityTimeout)] [--timeout 600] [--verbose]");
            return 2;
    }
}

var root = AzuriteServer.FindRepositoryRoot() ?? throw new InvalidOperationException("run from inside the repository");
var settings = TriggerSettings.Read(Path.Combine(root, "host.json"));
if (retryDelay is { } delay)
{
    settings = settings with { VisibilityTimeout = delay };
}

var workload = new Workload(envelopes, duplicatePercent, failingPercent, notBase64, notEnvelope);
Console.WriteLine($"cores: {Environment.ProcessorCount}, load avg: {LoadAverage()}, host.json queues: {settings}");
Console.WriteLine($"workload: {workload.Envelopes} envelopes + {workload.Duplicates} duplicates + {workload.NotBase64} not Base64 + {workload.NotEnvelope} not an envelope = {workload.Messages} messages; {workload.Failing} ids always fail");
using var counter = new RequestCounter();
var rows = new List<string>();
var failed = false;
for (var r = 1; r <= repeat; r++)
{
    foreach (var variant in variants)
    {
        var (row, ok) = await RunAsync(variant, r);
        rows.Add(row);
        failed |= !ok;
    }
}

Console.WriteLine();
Console.WriteLine("| run | listener | load avg | good path msg/s | all settled | requests/msg | receives/msg | duplicate effects | poisoned | handler calls |");
Console.WriteLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
rows.ForEach(Console.WriteLine);
return failed ? 1 : 0;

async Task<(string Row, bool Ok)> RunAsync(string variant, int run)
{
    using var azurite = await AzuriteServer.StartAsync(root);
    var conn = azurite.ConnectionString;
    var queueName = "bq" + Guid.NewGuid().ToString("N")[..10];
    var main = QueueClients.ForReceiving(conn, queueName);
    var poison = QueueClients.ForReceiving(conn, QueueNames.Poison(queueName));
    await main.CreateAsync();
    await poison.CreateAsync();
    var claims = new TableClient(conn, "BenchClaims" + Guid.NewGuid().ToString("N")[..8]);
    await claims.CreateAsync();
    await workload.EnqueueAsync(conn, queueName, 16);

    var handler = new BenchHandler(workload);
    var load = LoadAverage();
    await using IListenerUnderTest listener = variant switch
    {
        "ours" => new OurListener(conn, queueName, claims, settings, handler),
        "webjobs" => new WebJobsListener(conn, queueName, claims, settings, handler, glue: true, verbose),
        "webjobs-bare" => new WebJobsListener(conn, queueName, claims, settings, handler, glue: false, verbose),
        _ => throw new ArgumentException("unknown variant " + variant),
    };
    counter.TablePort = azurite.TablePort;
    counter.Reset();
    var clock = Stopwatch.StartNew();
    await listener.StartAsync();
    TimeSpan? goodDone = null;
    var expectedPoison = workload.PoisonExpected;
    int left = -1, poisoned = -1;
    var deadline = TimeSpan.FromSeconds(timeoutSeconds);
    while (clock.Elapsed < deadline)
    {
        if (goodDone is null && handler.Effects.Count >= workload.Good)
        {
            goodDone = clock.Elapsed;
        }

        left = (await main.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        poisoned = (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        if (goodDone is not null && left == 0 && poisoned >= expectedPoison)
        {
            break;
        }

        await Task.Delay(200);
    }

    var settled = clock.Elapsed;
    var counts = counter.Snapshot();
    var ok = goodDone is not null && left == 0 && poisoned == expectedPoison;
    var doubled = handler.Effects.Count(e => e.Value > 1);
    var total = counts.Values.Sum();
    var receives = counts.GetValueOrDefault("GET queue/messages");
    var goodMessages = workload.Good + workload.Duplicates;
    Console.WriteLine();
    Console.WriteLine($"[{variant} #{run}] load {load}; good ids done in {Seconds(goodDone)} ({Rate(goodMessages, goodDone)} msg/s); settled in {settled.TotalSeconds:N1} s; " +
        $"queue left {left}, poison {poisoned}/{expectedPoison}; effects {handler.Effects.Count}/{workload.Good} ids, {doubled} ids with 2+ effects; handler calls {handler.Attempts}{(ok ? string.Empty : "  ** DID NOT SETTLE (timeout) **")}");
    foreach (var (op, n) in counts.OrderByDescending(c => c.Value))
    {
        Console.WriteLine($"    {op,-32} {n,7}  {(double)n / workload.Messages,6:N2}/msg");
    }

    Console.WriteLine($"    {"total",-32} {total,7}  {(double)total / workload.Messages,6:N2}/msg");
    var row = $"| {run} | {variant} | {load} | {Rate(goodMessages, goodDone)} | {settled.TotalSeconds:N1} s | {(double)total / workload.Messages:N2} | {(double)receives / workload.Messages:N2} | {doubled} | {poisoned}/{expectedPoison} | {handler.Attempts} |";
    return (row, ok);
}

static string Seconds(TimeSpan? t) => t is { } v ? v.TotalSeconds.ToString("N1", CultureInfo.InvariantCulture) + " s" : "never";

static string Rate(int n, TimeSpan? t) => t is { } v ? (n / v.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture) : "-";

static string LoadAverage()
{
    try
    {
        return File.ReadAllText("/proc/loadavg").Split(' ')[0];
    }
    catch (IOException)
    {
        return "?";
    }
}
