using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Nurture;
using FunnelAutomation.Core.Tests.TestSupport;

namespace FunnelAutomation.Core.Tests.Nurture;

public class SequenceDocumentTests
{
    [Fact]
    public void The_sample_sequences_load()
    {
        foreach (var file in Samples.Files("sequences"))
        {
            var result = SequenceDefinition.Load(File.ReadAllText(file));
            Assert.True(result.IsSuccess, file + ": " + string.Join("; ", result.Errors));
        }
    }

    [Fact]
    public void The_seed_004_sequence_has_welcome_benefits_and_a_pricing_branch()
    {
        var sequence = SequenceDefinition.Load(Samples.Read("sequences/welcome-nurture.json")).Value;

        Assert.Equal(["welcome", "pause-1", "product-benefits", "watch-pricing", "pricing-interest", "reasons-to-buy", "nudge-owner"],
            sequence.Steps.Select(s => s.Id));
        var branch = Assert.IsType<BranchStep>(sequence.Steps[4]);
        Assert.Equal("*/pricing*", branch.Condition.Visited);
        Assert.Equal(3, Assert.IsType<WaitStep>(sequence.Steps[1]).BusinessDays);
        Assert.True(SequenceDefinition.Load(Samples.Read("sequences/win-back.json")).Value.IsWinBack);
    }

    [Fact]
    public void The_sample_reasons_to_buy_email_is_an_ab_test_with_a_click_winner_rule()
    {
        var sequence = SequenceDefinition.Load(Samples.Read("sequences/welcome-nurture.json")).Value;

        var reasons = Assert.IsType<EmailStep>(sequence.Steps[sequence.IndexOf("reasons-to-buy")]);
        Assert.Equal(["reasons", "roi-story"], reasons.Variants.Select(v => v.Id));
        Assert.Null(reasons.TemplateId);
        Assert.Equal(VariantMetric.Click, reasons.Winner!.Metric);
        Assert.Equal(200, reasons.Winner.MinSendsPerVariant);
    }

    [Fact]
    public void An_invalid_sequence_lists_every_error_by_path()
    {
        const string json = """
        {
          "kind": "sequence", "schemaVersion": 1, "id": "", "name": "Broken",
          "enrollment": { "lostForDays": 0 },
          "steps": [
            { "type": "email", "id": "a", "templateId": "welcome", "subject": "Hi" },
            { "type": "email", "id": "b", "templateId": "not-dynamic" },
            { "type": "wait", "id": "c" },
            { "type": "wait", "id": "d", "hours": -2 },
            { "type": "branch", "id": "e", "condition": { "minVisits": 0 }, "then": "a", "else": "nowhere" },
            { "type": "email", "id": "e", "subject": "Only a subject" },
            { "type": "notifyRep", "id": "g", "message": " " }
          ],
          "exit": { "onActions": ["waved"] }
        }
        """;

        var result = SequenceDefinition.Load(json);

        Assert.False(result.IsSuccess);
        var paths = result.Errors.Select(e => e.Path).ToList();
        Assert.Contains("$.id", paths);
        Assert.Contains("$.enrollment.lostForDays", paths);
        Assert.Contains("$.steps[0]", paths);
        Assert.Contains("$.steps[1].templateId", paths);
        Assert.Contains("$.steps[2]", paths);
        Assert.Contains("$.steps[3].hours", paths);
        Assert.Contains("$.steps[4].condition", paths);
        Assert.Contains("$.steps[4].condition.minVisits", paths);
        Assert.Contains("$.steps[4].then", paths);
        Assert.Contains("$.steps[4].else", paths);
        Assert.Contains("$.steps[5].id", paths);
        Assert.Contains("$.steps[5].body", paths);
        Assert.Contains("$.steps[6].message", paths);
        Assert.Contains("$.exit.onActions[0]", paths);
    }

    [Fact]
    public void An_unknown_step_type_is_named()
    {
        var result = SequenceDefinition.Load("""
        { "kind": "sequence", "schemaVersion": 1, "id": "s", "name": "S", "enrollment": {},
          "steps": [ { "type": "fax", "id": "a" } ] }
        """);

        Assert.False(result.IsSuccess);
        Assert.StartsWith("$.steps[0]", result.Errors[0].Path, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*/pricing*", "https://acme.test/pricing", true)]
    [InlineData("*/pricing*", "https://acme.test/PRICING/enterprise", true)]
    [InlineData("*/pricing*", "https://acme.test/blog", false)]
    [InlineData("https://acme.test/*", "https://acme.test/", true)]
    [InlineData("*.pdf", "https://acme.test/whitepaper.pdf?x=1", false)]
    public void Url_patterns_use_star_wildcards(string pattern, string url, bool expected)
    {
        Assert.Equal(expected, Wildcard.IsMatch(pattern, url));
    }
}
