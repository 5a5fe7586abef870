namespace FunnelAutomation.Core.Tests.TestSupport;

/// <summary>Reads the sample configuration documents copied from /samples next to the test assembly.</summary>
internal static class Samples
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "samples");

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Directory, relativePath));

    public static IEnumerable<string> Files(string folder) =>
        System.IO.Directory.EnumerateFiles(Path.Combine(Directory, folder), "*.json").Order(StringComparer.Ordinal);
}
