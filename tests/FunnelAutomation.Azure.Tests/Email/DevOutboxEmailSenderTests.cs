using FunnelAutomation.Application.Ports;
using FunnelAutomation.Azure.Email;
using Microsoft.Extensions.Time.Testing;

namespace FunnelAutomation.Azure.Tests.Email;

[Collection(UsesAzurite.Name)]
public sealed class DevOutboxEmailSenderTests(AzuriteFixture azurite)
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryEmailPorts _ports = new();

    [Fact]
    public async Task Without_an_api_key_emails_land_in_the_outbox_once()
    {
        var storage = await azurite.NewStorageAsync(_clock);
        var sender = EmailSenderFactory.Create(new SendGridOptions { ApiKey = " " }, _ports, _ports, storage.SentEmails, _clock);
        Assert.IsType<DevOutboxEmailSender>(sender);

        var first = await sender.SendAsync(SendGridEmailSenderTests.InlineEmail(), CancellationToken.None);
        var again = await sender.SendAsync(SendGridEmailSenderTests.InlineEmail(), CancellationToken.None);

        Assert.True(first.Sent);
        Assert.Equal(first with { SentBefore = true }, again);
        var entry = Assert.Single(await storage.SentEmails.ListOutboxAsync());
        Assert.Equal(new OutboxEntry("lead-2", "notify/lead-2/1", "rep@example.com", "Lead update: Ada at Acme", _clock.GetUtcNow(), DevOutboxEmailSender.Channel),
            entry with { HtmlBody = null });
        Assert.Equal("<p>New lead</p>", entry.HtmlBody);
        var stored = await storage.SentEmails.GetAsync("lead-2", "notify/lead-2/1");
        Assert.Equal("<p>New lead</p>", stored!.HtmlBody);
        Assert.Equal(0, _ports.GuardEntries); // the log's insert-if-absent is the key guard: no second record
    }

    [Fact]
    public async Task A_key_recorded_before_answers_sent_before_even_once_the_address_is_suppressed()
    {
        var storage = await azurite.NewStorageAsync(_clock);
        var sender = new DevOutboxEmailSender(storage.SentEmails, _ports, _ports, _clock);
        var first = await sender.SendAsync(SendGridEmailSenderTests.InlineEmail(), CancellationToken.None);
        await _ports.SuppressAsync("rep@example.com", "unsubscribed", CancellationToken.None);

        var retried = await sender.SendAsync(SendGridEmailSenderTests.InlineEmail(), CancellationToken.None);
        var next = await sender.SendAsync(SendGridEmailSenderTests.InlineEmail() with { IdempotencyKey = "notify/lead-2/2" }, CancellationToken.None);

        Assert.Equal(first with { SentBefore = true }, retried);
        Assert.True(next.Suppressed);
        Assert.Single(await storage.SentEmails.ListOutboxAsync());
    }

    [Fact]
    public async Task A_template_email_is_stored_with_a_readable_body_naming_the_template_and_its_data()
    {
        var storage = await azurite.NewStorageAsync(_clock);
        var sender = new DevOutboxEmailSender(storage.SentEmails, _ports, _ports, _clock, "hello@funnel.example.com");

        var result = await sender.SendAsync(SendGridEmailSenderTests.TemplateEmail() with { TemplateData = new Dictionary<string, string> { ["firstName"] = "<Ada>" } }, CancellationToken.None);

        Assert.True(result.Sent);
        var stored = await storage.SentEmails.GetAsync("lead-1", "welcome-nurture/1/step-1");
        Assert.NotNull(stored);
        Assert.Equal("(template d-0123456789abcdef)", stored.Subject);
        Assert.Equal("hello@funnel.example.com", stored.From);
        Assert.Contains("d-0123456789abcdef", stored.HtmlBody);
        Assert.Contains("&lt;Ada&gt;", stored.HtmlBody);
        Assert.Contains("Unsubscribe", stored.HtmlBody);
        Assert.Contains("firstName: <Ada>", stored.TextBody);
        Assert.Contains(await storage.SentEmails.ListOutboxAsync(), e => e.StepKey == "welcome-nurture/1/step-1");
    }

    /// <summary>Issue 18: the outbox listed no body and no unsubscribe link, and template emails only as
    /// "(template d-…)". The list now carries what the dashboard needs to open an email.</summary>
    [Fact]
    public async Task The_outbox_list_carries_the_body_the_template_with_its_data_and_the_unsubscribe_link()
    {
        var storage = await azurite.NewStorageAsync(_clock);
        var sender = new DevOutboxEmailSender(storage.SentEmails, _ports, _ports, _clock);
        var inline = SendGridEmailSenderTests.InlineEmail("nurture/lead-3/1") with
        {
            HtmlBody = "<p>Hi Ada</p>" + new string('x', 70_000), // past one column: stored across several
            UnsubscribeUrl = "https://funnel.example.com/api/unsubscribe?token=t.1.s",
        };

        await sender.SendAsync(SendGridEmailSenderTests.TemplateEmail(), CancellationToken.None);
        await sender.SendAsync(inline, CancellationToken.None);

        var outbox = await storage.SentEmails.ListOutboxAsync();
        var template = Assert.Single(outbox, e => e.StepKey == "welcome-nurture/1/step-1");
        Assert.Equal("d-0123456789abcdef", template.TemplateId);
        Assert.Equal(new Dictionary<string, string> { ["company"] = "Acme", ["firstName"] = "Ada" }, template.TemplateData);
        Assert.Equal(SendGridEmailSenderTests.TemplateEmail().UnsubscribeUrl, template.UnsubscribeUrl);
        Assert.Contains("d-0123456789abcdef", template.HtmlBody, StringComparison.Ordinal);
        var sent = Assert.Single(outbox, e => e.StepKey == "nurture/lead-3/1");
        Assert.Equal(inline.HtmlBody, sent.HtmlBody);
        Assert.Equal(inline.UnsubscribeUrl, sent.UnsubscribeUrl);
        Assert.Null(sent.TemplateId);
        Assert.Equal(inline.UnsubscribeUrl, (await storage.SentEmails.GetAsync("lead-2", "nurture/lead-3/1"))!.UnsubscribeUrl);
    }

    [Fact]
    public async Task A_suppressed_address_is_not_written_to_the_outbox()
    {
        var storage = await azurite.NewStorageAsync(_clock);
        var sender = new DevOutboxEmailSender(storage.SentEmails, _ports, _ports, _clock);
        await _ports.SuppressAsync("rep@example.com", "bounced", CancellationToken.None);

        var result = await sender.SendAsync(SendGridEmailSenderTests.InlineEmail(), CancellationToken.None);

        Assert.Equal(new EmailSendResult(true, null, Suppressed: true), result);
        Assert.Empty(await storage.SentEmails.ListOutboxAsync());
    }

    [Fact]
    public async Task What_the_caller_read_of_the_suppression_list_moments_ago_is_trusted_instead_of_a_second_lookup()
    {
        var storage = await azurite.NewStorageAsync(_clock);
        var sender = new DevOutboxEmailSender(storage.SentEmails, _ports, _ports, _clock);
        await _ports.SuppressAsync("rep@example.com", "bounced", CancellationToken.None);
        var email = SendGridEmailSenderTests.InlineEmail();

        // Read as clear by intake moments before this entry was written: sent; read as suppressed: not sent.
        var clear = await sender.SendAsync(email with { KnownSuppressed = false }, CancellationToken.None);
        var suppressed = await sender.SendAsync(email with { IdempotencyKey = "other", KnownSuppressed = true }, CancellationToken.None);

        Assert.Equal((true, false, true), (clear.Sent, clear.Suppressed, suppressed.Suppressed));
        Assert.Single(await storage.SentEmails.ListOutboxAsync());
        Assert.Equal(0, _ports.SuppressionLookups);
    }

    [Fact]
    public void With_an_api_key_the_factory_builds_the_sendgrid_sender()
    {
        var sender = EmailSenderFactory.Create(new SendGridOptions { ApiKey = "SG.key" }, _ports, _ports, _ports, _clock);

        Assert.IsType<SendGridEmailSender>(sender);
    }
}
