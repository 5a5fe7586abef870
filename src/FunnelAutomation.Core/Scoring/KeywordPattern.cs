using System.Collections.Frozen;

namespace FunnelAutomation.Core.Scoring;

/// <summary>Job-title keyword matching without regexes: a title and every keyword are read as words (runs of
/// letters and digits; anything else separates), and a keyword matches when its words occur consecutively
/// among the title's words, case-insensitively. So "vp" matches "VP, Sales" but not "MVP", and
/// "vice president" matches "Vice-President". Matching is one hash lookup per title word, which matters
/// because title rules run for every scored lead.</summary>
internal sealed class KeywordPattern
{
    /// <summary>Characters a keyword may hold besides letters and digits; anything else looks like an
    /// attempt at a regular expression, which title patterns are not.</summary>
    public const string AllowedPunctuation = " &.-'/+";

    private readonly FrozenDictionary<string, Candidate[]>.AlternateLookup<ReadOnlySpan<char>> _byFirstWord;

    /// <param name="keywords">(keyword, value) in priority order: when several match, the earliest wins.</param>
    public KeywordPattern(IReadOnlyList<(string Keyword, ScoreContribution Value)> keywords)
    {
        var byFirst = new Dictionary<string, List<Candidate>>(StringComparer.OrdinalIgnoreCase);
        for (var order = 0; order < keywords.Count; order++)
        {
            var words = Words(keywords[order].Keyword);
            if (!byFirst.TryGetValue(words[0], out var list))
            {
                byFirst[words[0]] = list = [];
            }

            list.Add(new Candidate(order, words[1..], keywords[order].Value));
        }

        _byFirstWord = byFirst
            .ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static KeywordPattern Empty { get; } = new([]);

    /// <summary>The value of the earliest keyword found in <paramref name="title"/>, or null.</summary>
    public ScoreContribution? Find(ReadOnlySpan<char> title)
    {
        ScoreContribution? best = null;
        var bestOrder = int.MaxValue;
        var position = 0;
        while (NextWord(title, ref position, out var word))
        {
            if (!_byFirstWord.TryGetValue(word, out var candidates))
            {
                continue;
            }

            foreach (var candidate in candidates)
            {
                if (candidate.Order < bestOrder && FollowedBy(title, position, candidate.Rest))
                {
                    best = candidate.Value;
                    bestOrder = candidate.Order;
                }
            }
        }

        return best;
    }

    /// <summary>Splits "chief|ceo| vice  president " into trimmed keywords with single inner spaces; returns the
    /// reason when the pattern is unusable.</summary>
    public static string[]? TryParse(string pattern, out string? error)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            error = "required: keywords separated by '|'";
            return null;
        }

        var parts = pattern.Split('|');
        var keywords = new List<string>(parts.Length);
        foreach (var part in parts)
        {
            var keyword = string.Join(' ', part.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            if (keyword.Length == 0)
            {
                error = "empty keyword between '|' separators";
                return null;
            }

            foreach (var c in keyword)
            {
                if (!char.IsLetterOrDigit(c) && !AllowedPunctuation.Contains(c, StringComparison.Ordinal))
                {
                    error = $"keyword '{keyword}' contains '{c}'; keywords are plain words (letters, digits, spaces, & . - ' / +), not regular expressions";
                    return null;
                }
            }

            if (Words(keyword).Length == 0)
            {
                error = $"keyword '{keyword}' has no letters or digits";
                return null;
            }

            if (!keywords.Contains(keyword, StringComparer.OrdinalIgnoreCase))
            {
                keywords.Add(keyword);
            }
        }

        error = null;
        return [.. keywords];
    }

    /// <summary>The words of a text: runs of letters and digits.</summary>
    public static string[] Words(string text)
    {
        var words = new List<string>();
        var position = 0;
        while (NextWord(text, ref position, out var word))
        {
            words.Add(word.ToString());
        }

        return [.. words];
    }

    private static bool NextWord(ReadOnlySpan<char> text, ref int position, out ReadOnlySpan<char> word)
    {
        var start = position;
        while (start < text.Length && !char.IsLetterOrDigit(text[start]))
        {
            start++;
        }

        var end = start;
        while (end < text.Length && char.IsLetterOrDigit(text[end]))
        {
            end++;
        }

        position = end;
        word = text[start..end];
        return end > start;
    }

    private static bool FollowedBy(ReadOnlySpan<char> title, int position, string[] rest)
    {
        foreach (var expected in rest)
        {
            if (!NextWord(title, ref position, out var word) || !word.Equals(expected, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private sealed record Candidate(int Order, string[] Rest, ScoreContribution Value);
}
