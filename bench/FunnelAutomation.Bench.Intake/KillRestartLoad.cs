using FunnelAutomation.TestSupport;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using FunnelAutomation.Azure;
using FunnelAutomation.Azure.Email;
using FunnelAutomation.Azure.Queues;
using FunnelAutomation.Journeys;

namespace FunnelAutomation.Bench.Intake;

/// <summary>The no-loss guarantee under load (issue 8): N leads are posted by C clients to a Host running as its
/// own process; the Host is killed with SIGKILL K times during the load and started again on the same storage
/// while SendGrid (a local endpoint) answers 429/500 on a schedule and has a 503 outage of a few seconds. A
/// client retries a post that got no answer or a 503, as a form would; a lead counts as accepted when it got a
/// 202. Then it waits until every accepted lead has its welcome email and checks: every accepted lead is stored
/// once, scored, assigned and has a running journey (the Durable Task engine's instance status, read on the Host's
/// task hub) with its next wake-up; no email was accepted by SendGrid twice; the poison queues are empty.</summary>
internal static class KillRestartLoad
{
    internal const string Key = "bench-function-key";

    /// <summary>Leads accepted and not yet welcomed before the clients hold back: Azurite's queue receives and
    /// table point operations slow down with size, so an unbounded backlog would measure the emulator.</summary>
    private const int MaxBacklog = 200;

    /// <summary>The Host's pending-journey sweep, made shorter than its 10-minute default so a run sees it act: a
    /// journey pending this long is nudged (it runs under a stale row) or restarted (its start was lost). The bound
    /// stays above the control queue's visibility timeout (1 min) plus the backlog's start delay.</summary>
    private const int PendingStalledSeconds = 180;

    private const int PendingSweepSeconds = 20;

    /// <summary>How long a journey found not Running is looked at again: the stalled bound plus two sweeps.</summary>
    private static readonly TimeSpan PendingSweepWait = TimeSpan.FromSeconds(PendingStalledSeconds + (2 * PendingSweepSeconds));

    /// <param name="rate">Posts per second over all clients (an open-loop arrival rate; 0 = unpaced). A paced load
    /// keeps Azurite's queue shallow: its receives slow down with depth, which real queues do not.</param>
    public static async Task<bool> RunAsync(string connectionString, int count, int concurrency, int kills, double rate, DateTime deadline)
    {
        var prefix = "kr" + Guid.NewGuid().ToString("N")[..8];
        var port = FreePort();
        await using var sendGrid = await StartFaultySendGridAsync().ConfigureAwait(false);
        var log = Path.Combine(Path.GetTempPath(), prefix + "-host.log");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        http.DefaultRequestHeaders.Add("x-functions-key", Key);

        var host = StartHost(connectionString, prefix, port, sendGrid.Host, log);
        await WaitHealthyAsync(http).ConfigureAwait(false);
        Console.WriteLine($"kill/restart: {count} leads, {concurrency} clients, {(rate > 0 ? $"{rate:N0} posts/s" : "unpaced")}, {kills} SIGKILLs; Host log: {log}");

        var accepted = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var retries = 0;
        var refused = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var posted = 0;
        var killMarks = Enumerable.Range(1, kills).Select(k => count * k / (kills + 1)).ToArray();
        var killsDone = 0;
        var restartSeconds = new List<double>();
        var hostLock = new SemaphoreSlim(1, 1);
        var runId = Guid.NewGuid().ToString("N")[..6];
        var watch = Stopwatch.StartNew();

        var load = Load.RunAsync(count, concurrency, async i =>
        {
            if (rate > 0 && TimeSpan.FromSeconds(i / rate) - watch.Elapsed is { Ticks: > 0 } wait)
            {
                await Task.Delay(wait).ConfigureAwait(false);
            }

            // Closed loop on top: no more than MaxBacklog leads accepted and not yet welcomed.
            while (accepted.Count - sendGrid.WelcomedLeads > MaxBacklog && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200).ConfigureAwait(false);
            }

            var body = new
            {
                email = $"kill{i}.{runId}@buyer{i % 97}.example",
                firstName = "Bench",
                company = $"Buyer {i % 97}",
                jobTitle = i % 3 == 0 ? "CTO" : "Marketing Manager",
                industry = i % 2 == 0 ? "software" : "manufacturing",
                employees = 50 + (i % 7 * 300),
                country = (i % 4) switch { 0 => "DE", 1 => "US", 2 => "JP", _ => "GB" },
            };
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    using var response = await http.PostAsJsonAsync("/api/leads", body).ConfigureAwait(false);
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        var json = await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
                        accepted[json.GetProperty("leadId").GetString()!] = i;
                        break;
                    }

                    if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                    {
                        refused[body.email] = (int)response.StatusCode;
                        break;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // The Host is down (killed) or the answer was lost: post again, as a form would.
                }

                Interlocked.Increment(ref retries);
                await Task.Delay(250).ConfigureAwait(false);
            }

            var done = Interlocked.Increment(ref posted);
            var k = Volatile.Read(ref killsDone);
            if (k < killMarks.Length && done >= killMarks[k] && await hostLock.WaitAsync(0).ConfigureAwait(false))
            {
                try
                {
                    if (Volatile.Read(ref killsDone) == k)
                    {
                        host.Kill(entireProcessTree: true);
                        await host.WaitForExitAsync().ConfigureAwait(false);
                        var down = Stopwatch.StartNew();
                        Console.WriteLine($"  SIGKILL {k + 1} at {done} posts ({watch.Elapsed.TotalSeconds:N1} s); starting again");
                        if (k == 0)
                        {
                            sendGrid.StartOutage(TimeSpan.FromSeconds(5));
                        }

                        host = StartHost(connectionString, prefix, port, sendGrid.Host, log);
                        await WaitHealthyAsync(http).ConfigureAwait(false);
                        restartSeconds.Add(down.Elapsed.TotalSeconds);
                        Volatile.Write(ref killsDone, k + 1);
                    }
                }
                finally
                {
                    hostLock.Release();
                }
            }
        });
        var posting = await load.ConfigureAwait(false);
        Console.WriteLine($"  posted {count} in {posting.Seconds:N1} s: {accepted.Count} accepted (202), {retries} re-posts after no answer/503, {refused.Count} refused; restarts took {string.Join(", ", restartSeconds.Select(s => s.ToString("N1", System.Globalization.CultureInfo.InvariantCulture) + " s"))}");

        // Every accepted lead gets its welcome once the backlog drains, except a welcome that was in flight when the
        // Host died: it is recorded as unconfirmed and not sent again (at most once). So: wait until every lead is
        // welcomed, or the queues are empty and nothing has moved for 30 s; then account for the rest.
        var storage = new FunnelStorage(connectionString, prefix);
        var ids = accepted.Keys.ToList();
        await WaitForWelcomesAsync(ids, sendGrid, connectionString, storage, prefix, watch, deadline, progressEvery: TimeSpan.FromSeconds(30)).ConfigureAwait(false);

        var welcomed = ids.Count(id => sendGrid.HasWelcomed(id));
        var unconfirmed = 0;
        foreach (var id in ids.Where(id => !sendGrid.HasWelcomed(id)))
        {
            var sent = await storage.SentEmails.ListForLeadAsync(id).ConfigureAwait(false);
            unconfirmed += sent.Any(e => e.Channel == SendGridEmailSender.UnconfirmedChannel && e.StepKey.EndsWith(":welcome", StringComparison.Ordinal)) ? 1 : 0;
        }

        Console.WriteLine($"  welcomes for {welcomed}/{ids.Count} accepted leads after {watch.Elapsed.TotalSeconds:N1} s ({welcomed / watch.Elapsed.TotalSeconds:N1} leads/s end to end, kills included); " +
            $"{unconfirmed} in flight at a kill, recorded as unconfirmed and not resent; {ids.Count - welcomed - unconfirmed} missing");
        var ok = await VerifyAsync(connectionString, storage, prefix, accepted.Keys.ToHashSet(StringComparer.Ordinal), sendGrid, concurrency).ConfigureAwait(false);

        host.Kill(entireProcessTree: true);
        await host.WaitForExitAsync().ConfigureAwait(false);
        return ok && welcomed + unconfirmed == ids.Count && refused.IsEmpty;
    }

    /// <summary>Messages still queued (visible or leased) on the queues that carry a lead's work: ours and the
    /// journey engine's work-item queue (activities). Not its control queues: they hold every journey's pending
    /// durable timer (the SLA, the next nurture step) as a delayed message, so they are never empty.</summary>
    /// <summary>Waits until every lead in <paramref name="ids"/> is welcomed, or the queues are empty and nothing has
    /// moved for 30 s, or the deadline passes; prints progress every <paramref name="progressEvery"/> when given.</summary>
    /// <summary>The SendGrid stand-in misbehaving on a schedule: every 25th request gets 429 (Retry-After: 1),
    /// every 40th a 500, and during <see cref="SendGridStandIn.StartOutage"/> every request a 503. Bodies are not
    /// kept (a 10,000-lead run would hold them all).</summary>
    internal static Task<SendGridStandIn> StartFaultySendGridAsync() =>
        SendGridStandIn.StartAsync(n => n % 25 == 0 ? 429 : n % 40 == 0 ? 500 : 202, keepRequests: false, retryAfterSeconds: 1);

    internal static async Task WaitForWelcomesAsync(IReadOnlyList<string> ids, SendGridStandIn sendGrid, string connectionString, FunnelStorage storage,
        string prefix, Stopwatch watch, DateTime deadline, TimeSpan? progressEvery = null)
    {
        var lastReport = TimeSpan.Zero;
        var (lastMissing, stillSince) = (-1, watch.Elapsed);
        while (DateTime.UtcNow < deadline)
        {
            var missing = ids.Count(id => !sendGrid.HasWelcomed(id));
            if (missing == 0)
            {
                return;
            }

            if (missing != lastMissing)
            {
                (lastMissing, stillSince) = (missing, watch.Elapsed);
            }
            else if (watch.Elapsed - stillSince > TimeSpan.FromSeconds(30) && await QueuedAsync(connectionString, storage, prefix).ConfigureAwait(false) == 0)
            {
                return;
            }

            if (progressEvery is { } every && watch.Elapsed - lastReport >= every)
            {
                lastReport = watch.Elapsed;
                Console.WriteLine($"  {watch.Elapsed.TotalSeconds:N0} s: {ids.Count - missing}/{ids.Count} welcomes accepted by SendGrid");
            }

            await Task.Delay(1000).ConfigureAwait(false);
        }
    }

    internal static async Task<int> QueuedAsync(string connectionString, FunnelStorage storage, string prefix)
    {
        var total = 0;
        var names = QueueNames.All.Select(storage.Names.Queue).Append(EngineHub.QueuePrefix(prefix) + "-workitems");
        foreach (var name in names)
        {
            total += (await QueueClients.ForReceiving(connectionString, name).GetPropertiesAsync().ConfigureAwait(false)).Value.ApproximateMessagesCount;
        }

        return total;
    }

    internal static async Task<bool> VerifyAsync(string connectionString, FunnelStorage storage, string prefix, HashSet<string> accepted, SendGridStandIn sendGrid, int concurrency)
    {
        var stored = new Dictionary<string, int>(StringComparer.Ordinal);
        var unscored = 0;
        var unassigned = 0;
        await foreach (var lead in storage.Leads.ListAllAsync().ConfigureAwait(false))
        {
            stored[lead.Id] = stored.GetValueOrDefault(lead.Id) + 1;
            unscored += lead.Score is null ? 1 : 0;
            unassigned += lead.OwnerRepId is null && lead.AssignmentQueue is null ? 1 : 0;
        }

        var missing = accepted.Count(id => !stored.ContainsKey(id));
        var extra = stored.Keys.Count(id => !accepted.Contains(id));
        var twice = stored.Count(s => s.Value > 1);

        // The journey as the engine sees it: the instance on the Host's task hub, its runtime status and custom status.
        // One not Running at first sight is looked at again until the Host's pending-journey sweep has had its
        // chance (PendingSweepWait); both looks are reported.
        await using var hub = EngineHub.Open(connectionString, prefix);
        var journeys = new ConcurrentDictionary<string, JourneyInstance?>(StringComparer.Ordinal);
        async Task LookAsync(IEnumerable<string> ids) => await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (id, ct) =>
            journeys[id] = await hub.Instances.GetAsync(JourneyNames.InstanceId(id), ct).ConfigureAwait(false)).ConfigureAwait(false);
        List<string> NotRunning() => [.. journeys.Where(j => j.Value is not null && j.Value.Status != JourneyRuntimeStatus.Running).Select(j => j.Key)];
        string Describe(string id) => journeys[id] is { } j
            ? $"{id} {j.Status} since {j.CreatedAt:O}, state {(j.State is null ? "none" : "kept")}, welcome {(sendGrid.HasWelcomed(id) ? "accepted" : "not accepted")} by SendGrid"
            : $"{id} no instance";

        await LookAsync(accepted).ConfigureAwait(false);
        var firstLook = NotRunning();
        Console.WriteLine($"  journeys at first look: {firstLook.Count} not Running");
        foreach (var id in firstLook.Take(5))
        {
            Console.WriteLine($"    first look: {Describe(id)}");
            Console.WriteLine($"      {await EngineHub.DescribeAsync(connectionString, prefix, JourneyNames.InstanceId(id)).ConfigureAwait(false)}");
        }

        var sweepUntil = DateTime.UtcNow + PendingSweepWait;
        while (NotRunning() is { Count: > 0 } waiting && DateTime.UtcNow < sweepUntil)
        {
            await Task.Delay(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            await LookAsync(waiting).ConfigureAwait(false);
        }

        var statuses = journeys.Values.OfType<JourneyInstance>().GroupBy(j => j.Status).ToDictionary(g => g.Key, g => g.Count());
        var noJourney = journeys.Count(j => j.Value is null);
        var notRunningIds = NotRunning();
        var notRunning = notRunningIds.Count;
        var notWaiting = journeys.Values.OfType<JourneyInstance>().Count(j => j.State is not { Completed: false } state || state.NextWakeAt() is null);

        var duplicates = sendGrid.AcceptedByKey.Where(k => k.Value > 1).ToList();
        var welcomeTwice = accepted.Count(id => sendGrid.StepsOf(id).Count(s => s == "welcome") > 1);
        var poison = 0;
        foreach (var queue in QueueNames.All)
        {
            var client = QueueClients.ForReceiving(connectionString, QueueNames.Poison(storage.Names.Queue(queue)));
            poison += (await client.GetPropertiesAsync().ConfigureAwait(false)).Value.ApproximateMessagesCount;
        }

        Console.WriteLine($"  leads stored: {stored.Count} (accepted {accepted.Count}; missing {missing}, not accepted but stored {extra}, stored twice {twice}); unscored {unscored}, unassigned {unassigned}");
        Console.WriteLine($"  journeys (engine instance status on the task hub): {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}"))}; missing {noJourney}, not running {notRunning}, not waiting on a next step {notWaiting}");
        Console.WriteLine($"  SendGrid: {sendGrid.RequestCount} requests ({string.Join(", ", sendGrid.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}); {sendGrid.AcceptedByKey.Count} emails accepted; keys accepted twice: {duplicates.Count}; leads welcomed twice: {welcomeTwice}");
        Console.WriteLine($"  poison messages: {poison}");
        foreach (var id in notRunningIds.Take(5))
        {
            Console.WriteLine($"    not running: {Describe(id)}");
            Console.WriteLine($"      {await EngineHub.DescribeAsync(connectionString, prefix, JourneyNames.InstanceId(id)).ConfigureAwait(false)}");
        }

        foreach (var (key, times) in duplicates.Take(5))
        {
            Console.WriteLine($"    duplicate: {key} ×{times}");
        }

        return missing == 0 && extra == 0 && twice == 0 && unscored == 0 && unassigned == 0 && noJourney == 0 && notRunning == 0
            && notWaiting == 0 && duplicates.Count == 0 && poison == 0;
    }

    internal static Process StartHost(string connectionString, string prefix, int port, string sendGridHost, string log, IReadOnlyDictionary<string, string>? extra = null)
    {
        var hostDll = Path.Combine(AppContext.BaseDirectory, "FunnelAutomation.Host.dll");
        var start = new ProcessStartInfo("dotnet", [hostDll, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = start.Environment;
        env["ConnectionStrings__Storage"] = connectionString;
        env["Host__SamplesPath"] = Path.Combine(AppContext.BaseDirectory, "samples");
        env["Host__StoragePrefix"] = prefix;
        env["Host__FunctionKey"] = Key;
        env["Host__LeadPostsPerMinute"] = "10000000";
        env["Host__QueueLeaseSeconds"] = "10";
        env["Host__PendingJourneySweepSeconds"] = PendingSweepSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["Host__PendingJourneyStalledSeconds"] = PendingStalledSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["Funnel__SendWindowStartHour"] = "0";
        env["Funnel__SendWindowEndHour"] = "24";
        env["Funnel__MaxEmailsPerDay"] = "5";
        for (var d = 0; d < 7; d++)
        {
            env[$"Funnel__SendDays__{d}"] = ((DayOfWeek)d).ToString();
        }

        env["SendGrid__ApiKey"] = "SG.bench-key";
        env["SendGrid__Host"] = sendGridHost;
        env["SendGrid__BaseDelay"] = "00:00:00.500";
        env["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            env[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The Host did not start.");
        var writer = TextWriter.Synchronized(new StreamWriter(log, append: true) { AutoFlush = true });
        writer.WriteLine($"---- Host started (pid {process.Id}) at {DateTime.UtcNow:O}");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { writer.WriteLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { writer.WriteLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static async Task WaitHealthyAsync(HttpClient http)
    {
        for (var i = 0; i < 240; i++)
        {
            try
            {
                using var response = await http.GetAsync("/api/health").ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(250).ConfigureAwait(false);
        }

        throw new InvalidOperationException("The Host did not answer /api/health within 60 s.");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
