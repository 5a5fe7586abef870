namespace FunnelAutomation.Core.Scoring;

/// <summary>Whole-word, case-insensitive keyword search in a job title: plain span searches instead of a
/// regex, because title rules run for every scored lead.</summary>
internal static class KeywordPattern
{
    /// <summary>Characters a keyword may hold besides letters and digits; anything else looks like an
    /// attempt at a regular expression, which title patterns are not.</summary>
    public const string AllowedPunctuation = " &.-'/+";

    /// <summary>True when the keyword (given as its words) occurs in <paramref name="text"/> with no letter or
    /// digit right before or after it ("vp" matches "VP, Sales" but not "MVP"); the words may be separated by
    /// any run of white space ("vice president" matches "Vice  President").</summary>
    public static bool ContainsWord(ReadOnlySpan<char> text, string[] words)
    {
        var first = words[0];
        var offset = 0;
        while (offset <= text.Length - first.Length)
        {
            var at = text[offset..].IndexOf(first, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return false;
            }

            var start = offset + at;
            if (start == 0 || !char.IsLetterOrDigit(text[start - 1]))
            {
                var end = MatchRest(text, start + first.Length, words);
                if (end >= 0 && (end == text.Length || !char.IsLetterOrDigit(text[end])))
                {
                    return true;
                }
            }

            offset = start + 1;
        }

        return false;
    }

    // The end of the keyword when words[1..] follow at `position`, each after at least one white-space char; else -1.
    private static int MatchRest(ReadOnlySpan<char> text, int position, string[] words)
    {
        for (var w = 1; w < words.Length; w++)
        {
            var spaces = position;
            while (spaces < text.Length && char.IsWhiteSpace(text[spaces]))
            {
                spaces++;
            }

            if (spaces == position || !text[spaces..].StartsWith(words[w], StringComparison.OrdinalIgnoreCase))
            {
                return -1;
            }

            position = spaces + words[w].Length;
        }

        return position;
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

            if (!keywords.Contains(keyword, StringComparer.OrdinalIgnoreCase))
            {
                keywords.Add(keyword);
            }
        }

        error = null;
        return [.. keywords];
    }
}
