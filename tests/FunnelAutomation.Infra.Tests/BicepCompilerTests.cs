using Xunit.Abstractions;

namespace FunnelAutomation.Infra.Tests;

/// <summary>infra/main.bicep compiled and linted by the real Bicep compiler: no errors, no warnings.</summary>
public class BicepCompilerTests(ITestOutputHelper output)
{
    [Fact]
    public void Main_bicep_builds_with_no_diagnostics()
    {
        var outDir = Directory.CreateTempSubdirectory("bicep-build-");
        try
        {
            var template = Path.Combine(outDir.FullName, "main.json");

            var run = BicepCli.Run("build", RepoFiles.Path("infra/main.bicep"), "--outfile", template);

            Report("build", run);
            Assert.True(run.ExitCode == 0, $"bicep build exited {run.ExitCode}:\n{run.Output}");
            Assert.True(run.Diagnostics.Count == 0, $"bicep build reported:\n{run.Output}");
            Assert.Contains("\"$schema\"", File.ReadAllText(template), StringComparison.Ordinal);
        }
        finally
        {
            outDir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Main_bicep_lints_with_no_diagnostics()
    {
        var run = BicepCli.Run("lint", RepoFiles.Path("infra/main.bicep"));

        Report("lint", run);
        Assert.True(run.ExitCode == 0, $"bicep lint exited {run.ExitCode}:\n{run.Output}");
        Assert.True(run.Diagnostics.Count == 0, $"bicep lint reported:\n{run.Output}");
    }

    // The time goes to the test output (TRX), so a run shows what bicep costs; the output itself is in any failure message.
    private void Report(string command, BicepRun run) =>
        output.WriteLine($"bicep {command}: exit {run.ExitCode} in {run.Elapsed.TotalSeconds:0.0} s ({BicepCli.ExecutablePath})");
}
