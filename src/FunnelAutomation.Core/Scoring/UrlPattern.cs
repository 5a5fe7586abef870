using System.Text.RegularExpressions;

namespace FunnelAutomation.Core.Scoring;

/// <summary>A compiled page-rule pattern: a glob (fast path) or a non-backtracking regex.</summary>
internal sealed class UrlPattern
{
    private readonly GlobPattern? _glob;
    private readonly Regex? _regex;

    private UrlPattern(GlobPattern? glob, Regex? regex)
    {
        _glob = glob;
        _regex = regex;
    }

    public static UrlPattern Glob(string pattern) => new(new GlobPattern(pattern), null);

    /// <summary>Compiles a regex, or says why it cannot be used. NonBacktracking keeps matching linear in the
    /// URL length whatever the marketer wrote, so no match timeout (and no timing-dependent result) is needed.</summary>
    public static UrlPattern? TryRegex(string pattern, out string? error)
    {
        try
        {
            var regex = new Regex(
                pattern,
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            error = null;
            return new(null, regex);
        }
        catch (ArgumentException ex)
        {
            error = "not a valid regular expression: " + ex.Message;
            return null;
        }
        catch (NotSupportedException ex)
        {
            error = "regular expression uses a construct that is not allowed (backreferences, lookarounds, atomic groups): " + ex.Message;
            return null;
        }
    }

    public bool IsMatch(string url) => _glob is not null ? _glob.IsMatch(url) : _regex!.IsMatch(url);
}
