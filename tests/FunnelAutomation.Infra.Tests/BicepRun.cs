using System.Text.RegularExpressions;

namespace FunnelAutomation.Infra.Tests;

/// <summary>What one run of the Bicep CLI did: exit code, everything it printed, how long it took.</summary>
internal sealed partial record BicepRun(int ExitCode, string Output, TimeSpan Elapsed)
{
    /// <summary>Diagnostic lines, e.g. <c>infra/x.bicep(17,7) : Warning rule-name: …</c>.</summary>
    public IReadOnlyList<string> Diagnostics =>
        Output.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => DiagnosticPattern().IsMatch(line)).ToList();

    [GeneratedRegex(@"\) : (Error|Warning|Info) ")]
    private static partial Regex DiagnosticPattern();
}
