namespace FunnelAutomation.Core.Scoring;

/// <summary>A '*'-only glob compiled to literal segments: matching is a few ordinal-ignore-case span
/// searches, no regex and no allocation (page rules run for every page visit of every lead).</summary>
internal sealed class GlobPattern
{
    private readonly string[] _segments;

    public GlobPattern(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        _segments = pattern.Split('*');
    }

    /// <summary>Whole-input match; '*' matches any run of characters (including none and '/').</summary>
    public bool IsMatch(ReadOnlySpan<char> input)
    {
        var segments = _segments;
        if (segments.Length == 1)
        {
            return input.Equals(segments[0], StringComparison.OrdinalIgnoreCase);
        }

        var first = segments[0];
        var last = segments[^1];
        if (input.Length < first.Length + last.Length
            || !input.StartsWith(first, StringComparison.OrdinalIgnoreCase)
            || !input.EndsWith(last, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Leftmost match of each middle segment is optimal for '*'-only globs, so no backtracking is needed.
        var middle = input[first.Length..(input.Length - last.Length)];
        for (var i = 1; i < segments.Length - 1; i++)
        {
            var segment = segments[i];
            if (segment.Length == 0)
            {
                continue;
            }

            var at = middle.IndexOf(segment, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return false;
            }

            middle = middle[(at + segment.Length)..];
        }

        return true;
    }
}
