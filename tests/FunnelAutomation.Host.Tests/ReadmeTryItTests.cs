using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace FunnelAutomation.Host.Tests;

/// <summary>Issue 18: a new user ran the README's curl right after <c>scripts/run.sh &amp;</c> and got "connection
/// refused". This runs the README's "Try it" block as written, with bash, in the repository: run.sh started,
/// the wait for its "== ready:" line, then the curl steps. The only changes are where it runs: the port
/// (localhost:7071 → a free port, passed to run.sh as FUNNEL_PORT), Azurite's ports and data folder (free ports, a
/// temporary folder) and run.log (a temporary file), so it never meets a developer's run.sh or another test.
/// Bounded: on a busy 2-core machine the first build alone can take minutes, so it allows 15; on failure or
/// timeout it prints the script's output and run.sh's log.</summary>
public sealed partial class ReadmeTryItTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task The_readme_try_it_block_runs_as_written()
    {
        var root = HostFixture.RepositoryRoot;
        var block = TryItBlock(await File.ReadAllTextAsync(Path.Combine(root, "README.md")));
        Assert.Contains("scripts/run.sh", block, StringComparison.Ordinal);
        Assert.Contains("== ready:", block, StringComparison.Ordinal); // the README waits for the ready line

        var work = Directory.CreateTempSubdirectory("try-it-");
        var port = FreePort();
        var azuritePort = FreePortRun(3);
        var log = Path.Combine(work.FullName, "run.log");
        var script = Path.Combine(work.FullName, "try-it.sh");
        await File.WriteAllTextAsync(script, "set -eo pipefail\n"
            + block.Replace("localhost:7071", $"localhost:{port}", StringComparison.Ordinal).Replace("run.log", $"'{log}'", StringComparison.Ordinal)
            + "\necho '== try-it done'\n");

        var output = new StringBuilder();
        using var bash = Start(root, script, port, azuritePort, Path.Combine(work.FullName, "azurite"), output);
        string? failure = null;
        try
        {
            failure = await WaitAsync(bash, log);
        }
        finally
        {
            await StopGroupAsync(bash.Id);
        }

        var seen = $"script output:\n{Tail(output.ToString())}\nrun.log:\n{Tail(File.Exists(log) ? await File.ReadAllTextAsync(log) : "(none)")}";
        Assert.True(failure is null, $"{failure}\n{seen}");
        var runLog = await File.ReadAllTextAsync(log);
        Assert.True(runLog.Contains("== building the Host", StringComparison.Ordinal) && runLog.Contains("== starting the Host", StringComparison.Ordinal),
            "run.sh says what it is doing\n" + seen);
        var ready = Assert.Single(runLog.Split('\n'), l => l.StartsWith("== ready:", StringComparison.Ordinal));
        Assert.Contains($"http://localhost:{port}/?key=dev-function-key", ready, StringComparison.Ordinal);
        var text = output.ToString();
        Assert.Matches(LeadIdLine(), text);
        Assert.Contains("\"routing\"", text, StringComparison.Ordinal); // the lead as GET /api/leads/{id} shows it
        Assert.Contains("\"actionId\"", text, StringComparison.Ordinal); // the meeting_booked action accepted
        Assert.Contains("\"subject\":\"Welcome to FunnelAutomation, Ann\"", text, StringComparison.Ordinal); // the welcome, at once
        Assert.Contains("== try-it done", text, StringComparison.Ordinal);
        work.Delete(recursive: true);
    }

    /// <summary>The first ```bash block after the "## Try it" heading.</summary>
    private static string TryItBlock(string readme)
    {
        var section = readme.IndexOf("\n## Try it", StringComparison.Ordinal);
        Assert.True(section >= 0, "README has no \"## Try it\" section");
        var start = readme.IndexOf("```bash\n", section, StringComparison.Ordinal) + "```bash\n".Length;
        var end = readme.IndexOf("\n```", start, StringComparison.Ordinal);
        return readme[start..end];
    }

    /// <summary>bash in a session of its own (setsid), so run.sh, Azurite and the Host it leaves running in the
    /// background can be stopped together by that one process group id.</summary>
    private static Process Start(string root, string script, int port, int azuritePort, string azuriteDir, StringBuilder output)
    {
        var info = new ProcessStartInfo("setsid", ["bash", script])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["FUNNEL_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["FUNNEL_AZURITE_PORT"] = azuritePort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["FUNNEL_AZURITE_LOCATION"] = azuriteDir;
        info.Environment.Remove("Host__FunctionKey");
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Null when the script ended well; else what went wrong (it failed, run.sh gave up, or the bound passed).</summary>
    private static async Task<string?> WaitAsync(Process bash, string log)
    {
        var until = DateTime.UtcNow + Bound;
        while (DateTime.UtcNow < until)
        {
            if (bash.HasExited)
            {
                await bash.WaitForExitAsync(); // flushes the redirected output
                return bash.ExitCode == 0 ? null : $"the Try it block exited with {bash.ExitCode}";
            }

            // run.sh stops with a "== … failed / stopped / did not …" line; the README's wait would loop on.
            if (File.Exists(log) && RunShGaveUp().Match(await ReadSharedAsync(log)) is { Success: true } gaveUp)
            {
                return "run.sh gave up: " + gaveUp.Value;
            }

            await Task.Delay(1000);
        }

        return $"not done within {Bound.TotalMinutes} minutes";
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    /// <summary>TERM to the whole group (run.sh's trap stops Azurite and the Host), KILL to what is left after 30 s.</summary>
    private static async Task StopGroupAsync(int groupId)
    {
        await SignalAsync("-TERM", groupId);
        var until = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < until && await SignalAsync("-0", groupId))
        {
            await Task.Delay(500);
        }

        await SignalAsync("-KILL", groupId);
    }

    /// <summary>kill(1) on a process group; true when the group still existed.</summary>
    private static async Task<bool> SignalAsync(string signal, int groupId)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [signal, "--", "-" + groupId.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        await kill.WaitForExitAsync();
        return kill.ExitCode == 0;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Tail(string text) => text.Length > 6000 ? "…" + text[^6000..] : text;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The first of <paramref name="count"/> consecutive free ports (Azurite's blob, queue, table).</summary>
    private static int FreePortRun(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(20_000, 60_000);
            if (Enumerable.Range(first, count).All(IsFree))
            {
                return first;
            }
        }

        throw new InvalidOperationException($"no {count} consecutive free ports found");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"(?m)^ld_[0-9a-f]{20}$")]
    private static partial Regex LeadIdLine();

    [GeneratedRegex(@"(?m)^== .*(failed|stopped|did not).*$")]
    private static partial Regex RunShGaveUp();
}
