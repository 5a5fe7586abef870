namespace FunnelAutomation.Browser.Tests;

/// <summary>A browser test. Where /usr/bin/chromium is missing it is skipped with the reason printed in the
/// test output — except on CI as root, where scripts/install-chromium.sh should have installed it: there
/// the test runs and fails loudly (see <see cref="ChromiumGuard"/>), so a broken install cannot pass silently.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!ChromiumGuard.IsInstalled && !ChromiumGuard.MustRun)
        {
            Skip = ChromiumGuard.MissingReason;
        }
    }
}

public static class ChromiumGuard
{
    public static bool IsInstalled => File.Exists(Browser.ChromiumPath);

    /// <summary>CI=true and running as root: the install script had every means to install Chromium.</summary>
    public static bool MustRun =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase) && IsRoot;

    public static string MissingReason =>
        $"BROWSER TEST NOT RUN: {Browser.ChromiumPath} is missing. Run scripts/install-chromium.sh as root (apt-get install chromium) to run the dashboard tests.";

    private static bool IsRoot => OperatingSystem.IsLinux() && File.Exists("/proc/self/status")
        && File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal)) is { } uid
        && uid.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) == "0";

    /// <summary>First line of every browser test: fails with a clear message when Chromium should be there and is not.</summary>
    public static void EnsureInstalled()
    {
        if (!IsInstalled)
        {
            Assert.Fail($"{Browser.ChromiumPath} is missing on CI running as root: scripts/install-chromium.sh should have installed it (apt-get install chromium). Check its output.");
        }
    }
}
