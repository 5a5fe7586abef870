using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Core.Tests.Scoring;

public class PatternMatchingTests
{
    [Theory]
    [InlineData("*/pricing*", "https://acme.example/pricing", true)]
    [InlineData("*/pricing*", "https://acme.example/PRICING/enterprise?x=1", true)]
    [InlineData("*/pricing*", "https://acme.example/blog/pricing-tips", true)]
    [InlineData("*/pricing*", "https://acme.example/blog", false)]
    [InlineData("*/pricing", "https://acme.example/pricing?x=1", false)]
    [InlineData("https://acme.example/*", "https://acme.example/", true)]
    [InlineData("https://acme.example/*", "http://acme.example/", false)]
    [InlineData("*/docs/*/api*", "https://x.example/docs/v2/api/ref", true)]
    [InlineData("*/docs/*/api*", "https://x.example/docs/api", false)]
    [InlineData("*a*a*", "a", false)]
    [InlineData("*a*a*", "aa", true)]
    [InlineData("exact", "EXACT", true)]
    [InlineData("*", "", true)]
    [InlineData("ab*ba", "aba", false)]
    public void Glob_matches_whole_url_case_insensitively(string pattern, string url, bool expected)
    {
        Assert.Equal(expected, new GlobPattern(pattern).IsMatch(url));
    }

    [Theory]
    [InlineData("VP Sales", "vp", true)]
    [InlineData("MVP", "vp", false)]
    [InlineData("Head of\tSales", "head of", true)]
    [InlineData("Head office manager", "head of", false)]
    [InlineData("co-founder", "founder", true)]
    [InlineData("Directors' assistant", "director", false)]
    [InlineData("Chief Technology Officer (CTO)", "cto", true)]
    [InlineData("Vice-President, EMEA", "vice president", true)]
    [InlineData("Vice Chair / President", "vice president", false)]
    [InlineData("R&D lead", "r&d", true)]
    [InlineData("", "ceo", false)]
    public void Keyword_matches_whole_words(string title, string keyword, bool expected)
    {
        var contribution = new ScoreContribution("fit.jobTitle", ScoreCategory.Fit, 1, keyword);
        var pattern = new KeywordPattern([(keyword, contribution)]);

        Assert.Equal(expected, pattern.Find(title) is not null);
    }

    [Fact]
    public void Earliest_keyword_wins_wherever_it_is_in_the_title()
    {
        var executive = new ScoreContribution("fit.jobTitle", ScoreCategory.Fit, 20, "executive");
        var manager = new ScoreContribution("fit.jobTitle", ScoreCategory.Fit, 8, "manager");
        var pattern = new KeywordPattern([("vice president", executive), ("chief", executive), ("manager", manager), ("vice", manager)]);

        Assert.Same(executive, pattern.Find("Manager to the Chief of Staff"));
        Assert.Same(executive, pattern.Find("Vice President"));
        Assert.Same(manager, pattern.Find("Vice Dean"));
        Assert.Null(pattern.Find("Engineer"));
    }

    [Theory]
    [InlineData("chief|ceo| Vice   President ", new[] { "chief", "ceo", "Vice President" })]
    [InlineData("c-level|r&d", new[] { "c-level", "r&d" })]
    [InlineData("vp|VP", new[] { "vp" })]
    public void Keyword_patterns_parse_into_trimmed_keywords(string pattern, string[] expected)
    {
        Assert.Equal(expected, KeywordPattern.TryParse(pattern, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ceo||cto")]
    [InlineData("c.*o")]
    [InlineData("\\bceo\\b")]
    [InlineData("ceo|--")]
    public void Unusable_keyword_patterns_are_refused_with_a_reason(string pattern)
    {
        Assert.Null(KeywordPattern.TryParse(pattern, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
