using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FunnelAutomation.Azure;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.TestSupport;

namespace FunnelAutomation.Bench.Intake;

/// <summary>Issue 14's bulk import (<c>--import N</c>). (1) Accepting: N CSV rows posted as one streamed upload to an
/// API-only Host and to the full Host (listeners on), rows/s until the 202, and the Host's peak memory (VmHWM)
/// before and after. (2) Processing: M fresh rows (<c>--import-process M</c>) on the full Host until the progress
/// route says done, with K SIGKILLs of the Host while it processes (<c>--import-kills K</c>), then the no-loss check:
/// every row a scored, routed lead with a running journey, one welcome per lead at the SendGrid stand-in.</summary>
internal static class ImportLoad
{
    public static async Task<bool> RunAsync(string connectionString, int rows, int processRows, int kills, DateTime deadline)
    {
        await using var sendGrid = await SendGridStandIn.StartAsync(keepRequests: false).ConfigureAwait(false);
        foreach (var apiOnly in new[] { true, false })
        {
            var prefix = "im" + Guid.NewGuid().ToString("N")[..8];
            var (host, http, log) = await StartAsync(connectionString, prefix, sendGrid.Host, apiOnly ? new Dictionary<string, string> { ["Host__RunBackgroundWork"] = "false" } : null).ConfigureAwait(false);
            try
            {
                await PostAsync(http, Csv(200, "warm"), deadline).ConfigureAwait(false); // JIT and connections, not measured
                var before = PeakMemory(host.Id);
                var file = Csv(rows, apiOnly ? "api" : "full");
                var watch = Stopwatch.StartNew();
                var answer = await PostAsync(http, file, deadline).ConfigureAwait(false);
                watch.Stop();
                var after = PeakMemory(host.Id);
                Console.WriteLine($"import accept ({(apiOnly ? "API-only Host" : "full Host, listeners on")}): {rows:N0} rows, {new FileInfo(file).Length / 1048576.0:N1} MiB in {watch.Elapsed.TotalSeconds:N1} s = {rows / watch.Elapsed.TotalSeconds:N0} rows/s; accepted {answer.GetProperty("accepted").GetInt32():N0}, rejected {answer.GetProperty("rejected").GetInt32():N0}; Host peak memory (VmHWM) {before / 1024.0:N0} MiB before, {after / 1024.0:N0} MiB after (+{(after - before) / 1024.0:N0} MiB); log {log}");
                File.Delete(file);
            }
            finally
            {
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync().ConfigureAwait(false);
                http.Dispose();
            }
        }

        return processRows <= 0 || await ProcessAsync(connectionString, processRows, kills, sendGrid, deadline).ConfigureAwait(false);
    }

    private static async Task<bool> ProcessAsync(string connectionString, int rows, int kills, SendGridStandIn sendGrid, DateTime deadline)
    {
        var prefix = "ip" + Guid.NewGuid().ToString("N")[..8];
        var extra = new Dictionary<string, string> { ["Host__ImportLeaseSeconds"] = "20" }; // a killed batch comes back soon
        var (host, http, log) = await StartAsync(connectionString, prefix, sendGrid.Host, extra).ConfigureAwait(false);
        var port = http.BaseAddress!.Port;
        var file = Csv(rows, "e2e" + prefix);
        // Only the valid rows become leads: the generator's "broken-N" rows are rejected on purpose.
        var ids = File.ReadLines(file).Skip(1).Select(l => l.Split(',')[0]).Where(e => e.Contains('@', StringComparison.Ordinal))
            .Select(LeadId.ForEmail).ToHashSet(StringComparer.Ordinal);
        var watch = Stopwatch.StartNew();
        var answer = await PostAsync(http, file, deadline).ConfigureAwait(false);
        var progressPath = answer.GetProperty("progress").GetString()!;
        var killMarks = Enumerable.Range(1, kills).Select(k => rows * k / (kills + 1)).ToArray();
        var killsDone = 0;
        JsonElement progress = default;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                progress = await http.GetFromJsonAsync<JsonElement>(progressPath).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(500).ConfigureAwait(false);
                continue;
            }

            if (progress.GetProperty("status").GetString() == "done")
            {
                break;
            }

            if (killsDone < kills && sendGrid.WelcomedLeads >= killMarks[killsDone])
            {
                host.Kill(entireProcessTree: true); // SIGKILL mid-batch: its message is leased, not deleted
                await host.WaitForExitAsync().ConfigureAwait(false);
                killsDone++;
                Console.WriteLine($"  {watch.Elapsed.TotalSeconds:N0} s: SIGKILL {killsDone} at {sendGrid.WelcomedLeads} welcomes, {progress.GetProperty("processed").GetInt32()} rows counted processed");
                host = KillRestartLoad.StartHost(connectionString, prefix, port, sendGrid.Host, log, extra);
                await KillRestartLoad.WaitHealthyAsync(http).ConfigureAwait(false);
            }

            await Task.Delay(1000).ConfigureAwait(false);
        }

        var processed = watch.Elapsed;
        var storage = new FunnelStorage(connectionString, prefix);
        await KillRestartLoad.WaitForWelcomesAsync([.. ids], sendGrid, connectionString, storage, prefix, watch, deadline).ConfigureAwait(false);
        Console.WriteLine($"import process: {rows:N0} rows, status {progress.GetProperty("status").GetString()} after {processed.TotalSeconds:N0} s = {rows / processed.TotalSeconds:N1} rows/s end to end (scored, routed, stored, journey started); all welcomed after {watch.Elapsed.TotalSeconds:N0} s; {killsDone} SIGKILLs");
        var ok = await KillRestartLoad.VerifyAsync(connectionString, storage, prefix, ids, sendGrid, concurrency: 4).ConfigureAwait(false);
        host.Kill(entireProcessTree: true);
        await host.WaitForExitAsync().ConfigureAwait(false);
        http.Dispose();
        File.Delete(file);
        return ok && progress.GetProperty("status").GetString() == "done";
    }

    private static async Task<(Process Host, HttpClient Http, string Log)> StartAsync(string connectionString, string prefix, string sendGridHost, IReadOnlyDictionary<string, string>? extra)
    {
        var port = KillRestartLoad.FreePort();
        var log = Path.Combine(Path.GetTempPath(), prefix + "-host.log");
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Add("x-functions-key", KillRestartLoad.Key);
        await new FunnelStorage(connectionString, prefix).InitializeAsync().ConfigureAwait(false); // an API-only Host runs no StorageInitializer
        var host = KillRestartLoad.StartHost(connectionString, prefix, port, sendGridHost, log, extra);
        await KillRestartLoad.WaitHealthyAsync(http).ConfigureAwait(false);
        return (host, http, log);
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string file, DateTime deadline)
    {
        await using var stream = File.OpenRead(file);
        using var content = new StreamContent(stream, 64 * 1024);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        using var cts = new CancellationTokenSource(deadline - DateTime.UtcNow);
        using var response = await http.PostAsync("/api/leads/import", content, cts.Token).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cts.Token).ConfigureAwait(false);
        return response.StatusCode == System.Net.HttpStatusCode.Accepted
            ? JsonDocument.Parse(body).RootElement.Clone()
            : throw new InvalidOperationException($"import answered {(int)response.StatusCode}: {body}");
    }

    /// <summary>A CSV like a trade-show export: distinct people, a few countries and sizes, every 50th row invalid.</summary>
    private static string Csv(int rows, string tag)
    {
        var path = Path.Combine(Path.GetTempPath(), $"import-{tag}-{Guid.NewGuid():N}.csv");
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.WriteLine("email,firstName,lastName,company,country,employees,jobTitle,industry");
        string[] countries = ["DE", "FR", "US", "SG", "JP", "ES"];
        for (var i = 0; i < rows; i++)
        {
            var email = i % 50 == 49 ? $"broken-{i}" : $"visitor{i}.{tag}@company{i % 997}.example";
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{email},Vera{i},Lind,Company {i % 997},{countries[i % countries.Length]},{10 + (i % 5000)},Head of Operations,manufacturing"));
        }

        return path;
    }

    /// <summary>The process's peak resident set (VmHWM, KiB) from /proc; 0 where there is none.</summary>
    private static long PeakMemory(int pid)
    {
        var status = $"/proc/{pid}/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
