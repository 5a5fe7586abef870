using System.Diagnostics;
using System.Reflection;

namespace FunnelAutomation.Infra.Tests;

/// <summary>The Bicep CLI that restore downloaded (PackageDownload in the csproj), at the path the build recorded.</summary>
internal static class BicepCli
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    public static string ExecutablePath { get; } =
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value
        ?? throw new InvalidOperationException("The build recorded no BicepPath.");

    public static BicepRun Run(params string[] arguments)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new FileNotFoundException($"No Bicep CLI at {ExecutablePath}: restore should have downloaded Azure.Bicep.CommandLine.linux-x64 there.", ExecutablePath);
        }

        var start = new ProcessStartInfo(ExecutablePath, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoFiles.Root,
        };
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} was still running after {Limit.TotalMinutes} min; output so far:\n{stdout.Result}{stderr.Result}");
        }

        watch.Stop();
        return new BicepRun(process.ExitCode, stdout.Result + stderr.Result, watch.Elapsed);
    }
}
