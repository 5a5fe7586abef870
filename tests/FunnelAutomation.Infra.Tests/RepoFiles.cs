using System.Text.RegularExpressions;

namespace FunnelAutomation.Infra.Tests;

/// <summary>Reads files of the repository this test assembly was built from (found by walking up to the solution).</summary>
internal static partial class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public static string Read(string relative) => File.ReadAllText(Path(relative));

    public static IReadOnlyList<string> Bicep() =>
        Directory.EnumerateFiles(Path("infra"), "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

    public static string AllBicep() => string.Join("\n", Bicep().Select(File.ReadAllText));

    /// <summary>The values of the string constants in AppSettingNames.cs (the project is not referenced).</summary>
    public static IReadOnlyList<string> AppSettingNames() =>
        ConstantPattern().Matches(Read("src/FunnelAutomation.Functions/AppSettingNames.cs")).Select(m => m.Groups[1].Value).ToList();

    /// <summary>The line that sets an app setting in Bicep (<c>Name: value</c> or <c>'Name': value</c>), or null.</summary>
    public static string? AppSettingLine(string bicep, string name) =>
        bicep.Split('\n').FirstOrDefault(line =>
            Regex.IsMatch(line, $@"^\s*'?{Regex.Escape(name)}'?\s*:") ||
            Regex.IsMatch(line, $@"\bname:\s*'{Regex.Escape(name)}'"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "FunnelAutomation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("FunnelAutomation.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"public\s+const\s+string\s+\w+\s*=\s*""([^""]+)""\s*;")]
    private static partial Regex ConstantPattern();
}
