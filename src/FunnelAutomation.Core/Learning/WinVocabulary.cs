namespace FunnelAutomation.Core.Learning;

/// <summary>The categories the model knows (sources, industries, owner teams), each coded by its position + 1;
/// 0 is unknown or unseen. Fixed at training and stored with the model, so a code means the same thing when the
/// model predicts.</summary>
public sealed record WinVocabulary(IReadOnlyList<string> Sources, IReadOnlyList<string> Industries, IReadOnlyList<string> Teams)
{
    public static WinVocabulary Empty { get; } = new([], [], []);

    /// <summary>The categories seen in the examples, sorted (ordinal, lower case) so the codes are reproducible.</summary>
    public static WinVocabulary From(IEnumerable<WinFacts> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        var industries = new SortedSet<string>(StringComparer.Ordinal);
        var teams = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var f in facts)
        {
            AddKey(sources, f.Profile.Source);
            AddKey(industries, f.Profile.Industry);
            AddKey(teams, f.OwnerTeam);
        }

        return new([.. sources], [.. industries], [.. teams]);
    }

    public static string? Key(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();

    /// <summary>Code of a value in a list: position + 1, or 0 when absent. Case-insensitive on the trimmed value,
    /// without allocating (this runs on the intake path; vocabularies are tens of entries).</summary>
    public static int Code(IReadOnlyList<string> list, string? value)
    {
        ArgumentNullException.ThrowIfNull(list);
        if (value is null)
        {
            return 0;
        }

        var key = value.AsSpan().Trim();
        for (var i = 0; i < list.Count; i++)
        {
            if (key.Equals(list[i], StringComparison.OrdinalIgnoreCase))
            {
                return i + 1;
            }
        }

        return 0;
    }

    /// <summary>The value behind a code, or null for 0 / out of range.</summary>
    public static string? Name(IReadOnlyList<string> list, float code)
    {
        ArgumentNullException.ThrowIfNull(list);
        var i = (int)code - 1;
        return i >= 0 && i < list.Count ? list[i] : null;
    }

    private static void AddKey(SortedSet<string> set, string? value)
    {
        if (Key(value) is { } key)
        {
            set.Add(key);
        }
    }
}
