using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Nurture;
using FunnelAutomation.Core.Tests.Journeys;

namespace FunnelAutomation.Core.Tests.Nurture;

/// <summary>A/B variants of an email step: the document rules (by JSON path), the deterministic choice and its
/// spread over the weights, and the variant named on the email the journey sends.</summary>
public class EmailVariantTests
{
    internal const string AbSequence = """
        { "kind": "sequence", "schemaVersion": 1, "id": "ab-welcome", "name": "A/B welcome",
          "enrollment": { "stageEntered": "prospect" },
          "steps": [
            { "type": "email", "id": "welcome", "timing": "immediate",
              "variants": [
                { "id": "plain", "weight": 3, "subject": "Welcome, {{firstName}}", "body": "<p>Hi</p>" },
                { "id": "story", "weight": 1, "templateId": "d-0123456789abcdef" } ],
              "winner": { "metric": "click", "minSendsPerVariant": 200, "test": "twoProportionZ", "confidence": 0.95 } }
          ] }
        """;

    private static EmailVariant[] Variants(params (string Id, double Weight)[] variants) =>
        [.. variants.Select(v => new EmailVariant { Id = v.Id, Weight = v.Weight, Subject = "s", Body = "b" })];

    [Fact]
    public void A_sequence_with_two_weighted_variants_and_a_winner_rule_loads()
    {
        var loaded = SequenceDefinition.Load(AbSequence);

        Assert.True(loaded.IsSuccess, string.Join("; ", loaded.Errors));
        var step = Assert.IsType<EmailStep>(loaded.Value.Steps[0]);
        Assert.Equal(["plain", "story"], step.Variants.Select(v => v.Id));
        Assert.Equal(VariantMetric.Click, step.Winner!.Metric);
        Assert.Equal(200, step.Winner.MinSendsPerVariant);
    }

    [Fact]
    public void Invalid_variants_and_winner_rules_are_refused_by_path()
    {
        var loaded = SequenceDefinition.Load("""
            { "kind": "sequence", "schemaVersion": 1, "id": "s", "name": "S", "enrollment": { "stageEntered": "prospect" },
              "steps": [
                { "type": "email", "id": "one", "variants": [ { "id": "a", "subject": "x", "body": "y" } ] },
                { "type": "email", "id": "two", "subject": "also here", "body": "…",
                  "variants": [ { "id": "a", "weight": 0, "subject": "x", "body": "y" }, { "id": "a", "templateId": "nope" } ],
                  "winner": { "metric": "click", "minSendsPerVariant": 0, "confidence": 1.5 } },
                { "type": "email", "id": "three", "subject": "x", "body": "y", "winner": { "metric": "open" } }
              ] }
            """);

        Assert.False(loaded.IsSuccess);
        var paths = loaded.Errors.Select(e => e.Path).ToList();
        Assert.Contains("$.steps[0].variants", paths);
        Assert.Contains("$.steps[1]", paths);
        Assert.Contains("$.steps[1].variants[0].weight", paths);
        Assert.Contains("$.steps[1].variants[1].id", paths);
        Assert.Contains("$.steps[1].variants[1].templateId", paths);
        Assert.Contains("$.steps[1].winner.minSendsPerVariant", paths);
        Assert.Contains("$.steps[1].winner.confidence", paths);
        Assert.Contains("$.steps[2].winner", paths);
        Assert.Contains(loaded.Errors, e => e.Path == "$.steps[1].variants[1].id" && e.Reason.Contains("duplicate variant id", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_winner_metric_is_refused_by_path()
    {
        var loaded = SequenceDefinition.Load(AbSequence.Replace("\"metric\": \"click\"", "\"metric\": \"likes\"", StringComparison.Ordinal));

        Assert.False(loaded.IsSuccess);
        Assert.StartsWith("$.steps[0].winner.metric", Assert.Single(loaded.Errors).Path, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_lead_sequence_and_step_always_get_the_same_variant()
    {
        var variants = Variants(("a", 1), ("b", 1), ("c", 1));

        var first = Enumerable.Range(0, 200).Select(i => VariantChooser.Choose($"ld_{i}", "seq", "step", variants).Id).ToList();
        var again = Enumerable.Range(0, 200).Select(i => VariantChooser.Choose($"ld_{i}", "seq", "step", Variants(("a", 1), ("b", 1), ("c", 1))).Id).ToList();

        Assert.Equal(first, again);
        Assert.Equal(3, first.Distinct().Count()); // and it is not one variant for everyone
    }

    [Fact]
    public void The_choice_is_pinned_so_it_cannot_change_between_processes_or_releases()
    {
        // string.GetHashCode differs per process; this hash must not. The value is SHA-256 of "ld_1\nab-welcome\nwelcome",
        // its first 8 bytes big-endian, top 53 bits over 2^53 (computed independently with Python's hashlib).
        Assert.Equal(0.687492, VariantChooser.Fraction("ld_1", "ab-welcome", "welcome"), 6);
    }

    [Fact]
    public void Over_many_leads_each_variant_gets_its_weighted_share()
    {
        var variants = Variants(("plain", 3), ("story", 1));
        const int leads = 20_000;

        var plain = Enumerable.Range(0, leads).Count(i => VariantChooser.Choose($"ld_{i:x8}", "ab-welcome", "welcome", variants).Id == "plain");

        // 3 in 4 expected; the binomial standard deviation is 0.3 %, so 1 % either side is over three of them.
        Assert.InRange(plain / (double)leads, 0.74, 0.76);
    }

    [Fact]
    public void Another_step_of_the_same_lead_draws_independently()
    {
        var variants = Variants(("a", 1), ("b", 1));

        var same = Enumerable.Range(0, 4000).Count(i =>
            VariantChooser.Choose($"ld_{i}", "s", "first", variants).Id == VariantChooser.Choose($"ld_{i}", "s", "second", variants).Id);

        Assert.InRange(same / 4000.0, 0.46, 0.54);
    }

    [Fact]
    public void The_journey_sends_the_chosen_variant_and_names_it_and_a_redelivered_start_sends_it_again_alike()
    {
        var sequence = SequenceDefinition.Load(AbSequence).Value;
        var context = JourneyDriver.SampleContext(null) with { Sequences = new SequenceCatalog([sequence]) };
        var at = DateTimeOffset.Parse("2026-03-03T10:00:00Z");

        var emails = Enumerable.Range(0, 2).Select(_ =>
            Assert.Single(JourneyDecider.Decide(context, null, Started("ld_42", at)).Commands.OfType<SendEmail>())).ToList();

        var expected = VariantChooser.Choose("ld_42", "ab-welcome", "welcome", Assert.IsType<EmailStep>(sequence.Steps[0]).Variants);
        Assert.All(emails, e => Assert.Equal(expected.Id, e.VariantId));
        Assert.Equal(emails[0], emails[1] with { TemplateData = emails[0].TemplateData });
        Assert.Equal(expected.Subject, emails[0].Subject);
        Assert.Equal(expected.TemplateId, emails[0].TemplateId);
        Assert.Equal("ld_42:ab-welcome-v1-1:welcome", emails[0].Key); // one email per lead and step, whichever variant
    }

    [Fact]
    public void A_step_without_variants_sends_no_variant_id()
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(), DateTimeOffset.Parse("2026-03-03T10:00:00Z"));

        driver.Start();

        Assert.Null(Assert.Single(driver.Emails).VariantId);
    }

    internal static JourneyStarted Started(string leadId, DateTimeOffset at) =>
        new(at, leadId, "b2b-standard", "prospect", 55, Core.Scoring.Grade.B, "website", null, "Europe/Berlin", "DE");
}
