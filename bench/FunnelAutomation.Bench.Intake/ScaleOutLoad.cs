using FunnelAutomation.TestSupport;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FunnelAutomation.Azure;

namespace FunnelAutomation.Bench.Intake;

/// <summary>Scale-out on one task hub (<c>--scale-out</c>): two Host processes on one Azurite with the same storage
/// prefix, so one set of tables, queues and one Durable task hub, as two Function App instances would. N leads are
/// posted to both in turn; half-way through one Host is killed with SIGKILL. It shows, from the hub itself and the
/// Hosts' engine logs: how the control-queue partitions are split (the provider's blob leases), that each journey's
/// episodes ran on one process at a time (never interleaved between the two), how long the survivor took to own
/// the dead one's partitions, and that every journey finishes its start with no email accepted twice by the
/// SendGrid stand-in.</summary>
internal static partial class ScaleOutLoad
{
    private const string Key = "bench-function-key";
    private const int MaxBacklog = 200;

    public static async Task<bool> RunAsync(string connectionString, int count, int concurrency, DateTime deadline)
    {
        var prefix = "so" + Guid.NewGuid().ToString("N")[..8];
        await using var sendGrid = await KillRestartLoad.StartFaultySendGridAsync().ConfigureAwait(false);
        var ports = new[] { KillRestartLoad.FreePort(), KillRestartLoad.FreePort() };
        string[] logs = [Path.Combine(Path.GetTempPath(), prefix + "-host-a.log"), Path.Combine(Path.GetTempPath(), prefix + "-host-b.log")];
        // The engine's per-episode events (DurableTask.Core at Information), one line each with a UTC timestamp.
        var engineLog = new Dictionary<string, string>
        {
            ["Logging__LogLevel__DurableTask.Core"] = "Information",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "yyyy-MM-ddTHH:mm:ss.fff ",
        };
        var clients = ports.Select(p =>
        {
            var c = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 }) { BaseAddress = new Uri($"http://127.0.0.1:{p}"), Timeout = TimeSpan.FromSeconds(30) };
            c.DefaultRequestHeaders.Add("x-functions-key", Key);
            return c;
        }).ToArray();
        var hosts = new Process[2];
        for (var h = 0; h < 2; h++)
        {
            hosts[h] = KillRestartLoad.StartHost(connectionString, prefix, ports[h], sendGrid.Host, logs[h], engineLog);
        }

        var pids = hosts.Select(h => h.Id).ToArray();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(KillRestartLoad.WaitHealthyAsync)).ConfigureAwait(false);
        Console.WriteLine($"scale-out: 2 Hosts (pids {pids[0]}, {pids[1]}) on one Azurite, storage prefix {prefix}, hub {EngineHub.HubName(prefix)}; {count} leads, {concurrency} clients; logs {logs[0]}, {logs[1]}");

        // Both engines start together; the provider balances the 4 partitions between the workers it sees.
        IReadOnlyList<PartitionLease> leases = [];
        var balancedAfter = double.NaN;
        var settled = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(180))
        {
            leases = await EngineHub.ReadLeasesAsync(connectionString, prefix).ConfigureAwait(false);
            var owners = leases.Where(l => l.Held).GroupBy(l => HostOf(l.Owner, pids)).ToDictionary(g => g.Key, g => g.Count());
            var split = leases.Count == EngineHub.Partitions && leases.All(l => l.Held && l.NextOwner is null)
                && owners.GetValueOrDefault(0) > 0 && owners.GetValueOrDefault(1) > 0;
            settled = split ? settled + 1 : 0;
            if (settled >= 4)
            {
                balancedAfter = watch.Elapsed.TotalSeconds;
                break;
            }

            await Task.Delay(500).ConfigureAwait(false);
        }

        Console.WriteLine($"  partitions {(double.IsNaN(balancedAfter) ? "NOT split between the two within 180 s" : $"split, and unchanged for 2 s, {balancedAfter:N1} s after both Hosts started")}: {Describe(leases, pids)}");

        var accepted = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var postedTo = new int[2];
        var posted = 0;
        var killed = 0;
        var killAt = TimeSpan.Zero;
        var takeoverAfter = double.NaN;
        Task? takeover = null;
        var runId = Guid.NewGuid().ToString("N")[..6];
        var loadWatch = Stopwatch.StartNew();
        var load = Load.RunAsync(count, concurrency, async i =>
        {
            while (accepted.Count - sendGrid.WelcomedLeads > MaxBacklog && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200).ConfigureAwait(false);
            }

            var body = new
            {
                email = $"scale{i}.{runId}@buyer{i % 97}.example",
                firstName = "Bench",
                company = $"Buyer {i % 97}",
                jobTitle = i % 3 == 0 ? "CTO" : "Marketing Manager",
                country = (i % 4) switch { 0 => "DE", 1 => "US", 2 => "JP", _ => "GB" },
            };
            var target = Volatile.Read(ref killed) == 1 ? 0 : i % 2;
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    using var response = await clients[target].PostAsJsonAsync("/api/leads", body).ConfigureAwait(false);
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        var json = await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
                        accepted[json.GetProperty("leadId").GetString()!] = i;
                        Interlocked.Increment(ref postedTo[target]);
                        break;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // That Host is gone: a load balancer would send the form to the other one.
                }

                target = 0;
                await Task.Delay(250).ConfigureAwait(false);
            }

            if (Interlocked.Increment(ref posted) == count / 2 && Interlocked.Exchange(ref killed, 1) == 0)
            {
                var before = await EngineHub.ReadLeasesAsync(connectionString, prefix).ConfigureAwait(false);
                hosts[1].Kill(entireProcessTree: true);
                killAt = watch.Elapsed;
                Console.WriteLine($"  SIGKILL of Host b (pid {pids[1]}) at {count / 2} posts, {watch.Elapsed.TotalSeconds:N1} s; partitions just before: {Describe(before, pids)}");
                takeover = Task.Run(async () =>
                {
                    while (DateTime.UtcNow < deadline)
                    {
                        var now = await EngineHub.ReadLeasesAsync(connectionString, prefix).ConfigureAwait(false);
                        if (now.Count == EngineHub.Partitions && now.All(l => l.Held && HostOf(l.Owner, pids) == 0))
                        {
                            takeoverAfter = (watch.Elapsed - killAt).TotalSeconds;
                            Console.WriteLine($"  Host a owns every partition {takeoverAfter:N1} s after the kill: {Describe(now, pids)}");
                            return;
                        }

                        await Task.Delay(500).ConfigureAwait(false);
                    }
                });
            }
        });
        var posting = await load.ConfigureAwait(false);
        Console.WriteLine($"  posted {count} in {posting.Seconds:N1} s: {accepted.Count} accepted (a {postedTo[0]}, b {postedTo[1]})");

        var ids = accepted.Keys.ToList();
        var storage = new FunnelStorage(connectionString, prefix);
        await KillRestartLoad.WaitForWelcomesAsync(ids, sendGrid, connectionString, storage, prefix, watch, deadline).ConfigureAwait(false);

        if (takeover is not null)
        {
            await takeover.ConfigureAwait(false);
        }

        var welcomed = ids.Count(sendGrid.HasWelcomed);
        Console.WriteLine($"  welcomes for {welcomed}/{ids.Count} accepted leads, {loadWatch.Elapsed.TotalSeconds:N1} s after the first post");
        var ok = await KillRestartLoad.VerifyAsync(connectionString, storage, prefix, accepted.Keys.ToHashSet(StringComparer.Ordinal), sendGrid, concurrency).ConfigureAwait(false);
        hosts[0].Kill(entireProcessTree: true);
        await hosts[0].WaitForExitAsync().ConfigureAwait(false);

        var episodes = ReadEpisodes(logs);
        var byInstance = episodes.GroupBy(e => e.Instance).ToList();
        var onBoth = byInstance.Where(g => g.Select(e => e.Host).Distinct().Count() > 1).ToList();
        // One process at a time: sorted by time, an instance's episodes change process at most once (b → a at the
        // takeover). Anything else is two processes taking turns on one journey.
        var interleaved = onBoth.Count(g => g.OrderBy(e => e.At).Select(e => e.Host).Aggregate((Changes: 0, Last: -1), (s, h) => (s.Last >= 0 && h != s.Last ? s.Changes + 1 : s.Changes, h)).Changes > 1);
        var backwards = onBoth.Count(g => g.OrderBy(e => e.At).First().Host == 0);
        Console.WriteLine($"  engine episodes from the Hosts' logs: {episodes.Count} ({episodes.Count(e => e.Host == 0)} on a, {episodes.Count(e => e.Host == 1)} on b) over {byInstance.Count} journeys; " +
            $"journeys run on one Host only: {byInstance.Count - onBoth.Count}; handed from b to a at the kill: {onBoth.Count - backwards}; from a to b: {backwards}; interleaved between the two: {interleaved}");
        Console.WriteLine($"  takeover: {(double.IsNaN(takeoverAfter) ? "not seen" : $"{takeoverAfter:N1} s")} from SIGKILL until Host a held every partition lease");
        return ok && welcomed == ids.Count && interleaved == 0 && !double.IsNaN(takeoverAfter) && !double.IsNaN(balancedAfter);
    }

    private static int HostOf(string? owner, int[] pids) =>
        owner is null ? -1 : Array.FindIndex(pids, p => owner.Contains($"-{p.ToString(CultureInfo.InvariantCulture)}-", StringComparison.Ordinal));

    private static string Describe(IReadOnlyList<PartitionLease> leases, int[] pids) =>
        string.Join(", ", leases.OrderBy(l => l.Partition, StringComparer.Ordinal).Select(l => $"{l.Partition[^2..]}→{(HostOf(l.Owner, pids) switch { 0 => "a", 1 => "b", _ => "?" })}{(l.NextOwner is { } next ? $" (moving to {(HostOf(next, pids) switch { 0 => "a", 1 => "b", _ => "?" })})" : string.Empty)}{(l.Held ? string.Empty : " (lease expired)")}"));

    private sealed record Episode(string Instance, int Host, DateTime At);

    // "2026-12-01T10:00:00.123 info: DurableTask.Core[51] journey-ld_x: Orchestration 'LeadJourney' awaited and scheduled 1 durable operation(s)."
    private static List<Episode> ReadEpisodes(string[] logs)
    {
        var episodes = new List<Episode>();
        for (var h = 0; h < logs.Length; h++)
        {
            foreach (var line in File.ReadLines(logs[h]))
            {
                if (EpisodeLine().Match(line) is { Success: true } m
                    && DateTime.TryParseExact(m.Groups["at"].Value, "yyyy-MM-ddTHH:mm:ss.fff", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var at))
                {
                    episodes.Add(new Episode(m.Groups["id"].Value, h, at));
                }
            }
        }

        return episodes;
    }

    [GeneratedRegex(@"^(?<at>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}) .*?(?<id>journey-[^:\s]+): Orchestration '[^']*' awaited and scheduled")]
    private static partial Regex EpisodeLine();
}
