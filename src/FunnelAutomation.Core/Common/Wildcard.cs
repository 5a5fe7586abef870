namespace FunnelAutomation.Core.Common;

/// <summary>Case-insensitive matching with <c>*</c> as "any run of characters", for URL patterns such as
/// <c>*/pricing*</c> that marketers write. Linear time, no regex compilation.</summary>
public static class Wildcard
{
    public static bool IsMatch(string pattern, string? text)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (text is null)
        {
            return false;
        }

        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] != '*' && char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
