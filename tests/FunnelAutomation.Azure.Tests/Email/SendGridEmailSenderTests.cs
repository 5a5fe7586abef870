using FunnelAutomation.TestSupport;
using System.Net;
using System.Text;
using System.Text.Json;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Azure.Email;
using Microsoft.Extensions.Time.Testing;
using Moq;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace FunnelAutomation.Azure.Tests.Email;

public sealed class SendGridEmailSenderTests
{
    private const string UnsubscribeUrl = "https://funnel.example.com/api/unsubscribe?token=abc.123.sig";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryEmailPorts _ports = new();

    internal static SendGridOptions Options(string? host = null, bool sandbox = false) => new()
    {
        ApiKey = "SG.test",
        FromEmail = "hello@funnel.example.com",
        FromName = "Funnel Team",
        Host = host,
        SandboxMode = sandbox,
        MaxAttempts = 4,
        BaseDelay = TimeSpan.Zero,
    };

    internal static OutgoingEmail TemplateEmail(string key = "welcome-nurture/1/step-1", string to = "ada@example.com") => new()
    {
        IdempotencyKey = key,
        To = to,
        ToName = "Ada Lovelace",
        TemplateId = "d-0123456789abcdef",
        TemplateData = new Dictionary<string, string> { ["firstName"] = "Ada", ["company"] = "Acme" },
        Categories = ["nurture", "welcome-nurture"],
        CustomArgs = new Dictionary<string, string>
        {
            ["leadId"] = "lead-1",
            ["enrollmentId"] = "enr-1",
            ["sequenceId"] = "welcome-nurture",
            ["stepId"] = "step-1",
        },
        UnsubscribeUrl = UnsubscribeUrl,
    };

    internal static OutgoingEmail InlineEmail(string key = "notify/lead-2/1") => new()
    {
        IdempotencyKey = key,
        To = "rep@example.com",
        Subject = "Lead update: Ada at Acme",
        HtmlBody = "<p>New lead</p>",
        Categories = ["notification"],
        CustomArgs = new Dictionary<string, string> { ["leadId"] = "lead-2", ["repId"] = "rep-1" },
    };

    private SendGridEmailSender Sender(ISendGridClient client, SendGridOptions? options = null) =>
        new(client, options ?? Options(), _ports, _ports, _ports, _clock);

    [Fact]
    public async Task The_real_client_posts_template_categories_custom_args_unsubscribe_headers_and_sandbox_mode()
    {
        await using var server = await SendGridStandIn.StartAsync();
        var options = Options(server.Host, sandbox: true);
        var sender = Sender(EmailSenderFactory.CreateClient(options), options);

        var result = await sender.SendAsync(TemplateEmail(), CancellationToken.None);

        Assert.Equal(new EmailSendResult(true, "local-msg-1"), result);
        var request = Assert.Single(server.Requests);
        Assert.Equal("Bearer SG.test", request.Authorization);
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal("d-0123456789abcdef", root.GetProperty("template_id").GetString());
        Assert.Equal("hello@funnel.example.com", root.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("Funnel Team", root.GetProperty("from").GetProperty("name").GetString());
        var personalization = root.GetProperty("personalizations")[0];
        var to = Assert.Single(personalization.GetProperty("to").EnumerateArray());
        Assert.Equal("ada@example.com", to.GetProperty("email").GetString());
        Assert.Equal("Ada Lovelace", to.GetProperty("name").GetString());
        Assert.Equal("Ada", personalization.GetProperty("dynamic_template_data").GetProperty("firstName").GetString());
        Assert.Equal("Acme", personalization.GetProperty("dynamic_template_data").GetProperty("company").GetString());
        var args = personalization.GetProperty("custom_args");
        Assert.Equal("lead-1", args.GetProperty("leadId").GetString());
        Assert.Equal("step-1", args.GetProperty("stepId").GetString());
        Assert.Equal("enr-1", args.GetProperty("enrollmentId").GetString());
        Assert.Equal("welcome-nurture/1/step-1", args.GetProperty(SendGridEmailSender.IdempotencyKeyArg).GetString());
        Assert.Equal(["nurture", "welcome-nurture"], root.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        var headers = personalization.GetProperty("headers");
        Assert.Equal($"<{UnsubscribeUrl}>", headers.GetProperty("List-Unsubscribe").GetString());
        Assert.Equal("List-Unsubscribe=One-Click", headers.GetProperty("List-Unsubscribe-Post").GetString());
        Assert.True(root.GetProperty("mail_settings").GetProperty("sandbox_mode").GetProperty("enable").GetBoolean());
        Assert.False(root.TryGetProperty("content", out _));

        var logged = Assert.Single(_ports.SentEmails);
        Assert.Equal(("lead-1", "welcome-nurture/1/step-1", "sendgrid", "local-msg-1"), (logged.LeadId, logged.StepKey, logged.Channel, logged.ProviderMessageId));
    }

    [Fact]
    public async Task The_real_client_posts_an_inline_email_with_subject_and_html_and_no_sandbox_unless_configured()
    {
        await using var server = await SendGridStandIn.StartAsync();
        var options = Options(server.Host);
        var sender = Sender(EmailSenderFactory.CreateClient(options), options);

        var result = await sender.SendAsync(InlineEmail(), CancellationToken.None);

        Assert.True(result.Sent);
        using var json = JsonDocument.Parse(Assert.Single(server.Requests).Body);
        var root = json.RootElement;
        Assert.False(root.TryGetProperty("template_id", out _));
        Assert.False(root.TryGetProperty("mail_settings", out _));
        var subject = root.TryGetProperty("subject", out var s) ? s : root.GetProperty("personalizations")[0].GetProperty("subject");
        Assert.Equal("Lead update: Ada at Acme", subject.GetString());
        var content = Assert.Single(root.GetProperty("content").EnumerateArray());
        Assert.Equal("text/html", content.GetProperty("type").GetString());
        Assert.Equal("<p>New lead</p>", content.GetProperty("value").GetString());
        Assert.Equal("rep-1", root.GetProperty("personalizations")[0].GetProperty("custom_args").GetProperty("repId").GetString());
        Assert.False(root.GetProperty("personalizations")[0].TryGetProperty("headers", out _));
    }

    [Fact]
    public async Task The_real_client_retries_429s_from_the_endpoint_and_then_sends_once()
    {
        await using var server = await SendGridStandIn.StartAsync(SendGridStandIn.Scripted(429, 429));
        var options = Options(server.Host);
        var sender = Sender(EmailSenderFactory.CreateClient(options), options);

        var result = await sender.SendAsync(TemplateEmail(), CancellationToken.None);

        Assert.Equal(new EmailSendResult(true, "local-msg-3"), result);
        Assert.Equal(3, server.Requests.Count);
        Assert.Single(_ports.SentEmails);
    }

    [Fact]
    public async Task The_real_client_does_not_retry_a_400_and_reports_sendgrids_error()
    {
        await using var server = await SendGridStandIn.StartAsync(SendGridStandIn.Scripted(400));
        var options = Options(server.Host);
        var sender = Sender(EmailSenderFactory.CreateClient(options), options);

        var result = await sender.SendAsync(TemplateEmail(), CancellationToken.None);

        Assert.False(result.Sent);
        Assert.Contains("400", result.Error);
        Assert.Contains("stand-in answered 400", result.Error);
        Assert.Single(server.Requests);
        Assert.Empty(_ports.SentEmails);
    }

    [Fact]
    public async Task A_429_then_a_202_sends_once_after_two_calls()
    {
        var client = Client(Status(HttpStatusCode.TooManyRequests), Accepted("m-1"));

        var result = await Sender(client.Object).SendAsync(TemplateEmail(), CancellationToken.None);

        Assert.Equal(new EmailSendResult(true, "m-1"), result);
        client.Verify(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
        Assert.Equal("m-1", Assert.Single(_ports.SentEmails).ProviderMessageId);
    }

    [Fact]
    public async Task Two_500s_then_a_202_is_one_send()
    {
        var client = Client(Status(HttpStatusCode.InternalServerError), Status(HttpStatusCode.BadGateway), Accepted("m-2"));

        var result = await Sender(client.Object).SendAsync(TemplateEmail(), CancellationToken.None);

        Assert.Equal(new EmailSendResult(true, "m-2"), result);
        client.Verify(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>()), Times.Exactly(3));
        Assert.Single(_ports.SentEmails);
    }

    [Fact]
    public async Task Network_errors_and_timeouts_are_retried()
    {
        var client = new Mock<ISendGridClient>(MockBehavior.Strict);
        client.SetupSequence(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("connection reset"))
            .ThrowsAsync(new TaskCanceledException("timeout", new TimeoutException()))
            .ReturnsAsync(Accepted("m-3"));

        var result = await Sender(client.Object).SendAsync(TemplateEmail(), CancellationToken.None);

        Assert.Equal(new EmailSendResult(true, "m-3"), result);
        client.Verify(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>()), Times.Exactly(3));
    }

    [Fact]
    public async Task A_400_is_not_retried_and_returns_the_error_without_throwing()
    {
        var client = Client(Status(HttpStatusCode.BadRequest, """{"errors":[{"message":"The template_id is not a valid dynamic template"}]}"""));

        var result = await Sender(client.Object).SendAsync(TemplateEmail(), CancellationToken.None);

        Assert.False(result.Sent);
        Assert.Null(result.ProviderMessageId);
        Assert.Null(result.RetryAfter);
        Assert.Contains("The template_id is not a valid dynamic template", result.Error);
        client.Verify(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Empty(_ports.SentEmails);

        // Not recorded as sent: the journey's retry of the command will try again.
        client.Setup(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>())).ReturnsAsync(Accepted("m-4"));
        Assert.True((await Sender(client.Object).SendAsync(TemplateEmail(), CancellationToken.None)).Sent);
    }

    [Fact]
    public async Task Persistent_5xx_gives_up_after_max_attempts_with_sent_false()
    {
        var client = new Mock<ISendGridClient>();
        client.Setup(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => Status(HttpStatusCode.ServiceUnavailable));

        var result = await Sender(client.Object).SendAsync(TemplateEmail(), CancellationToken.None);

        Assert.False(result.Sent);
        Assert.Contains("after 4 attempts", result.Error);
        Assert.Equal(Options().MaxDelay, result.RetryAfter); // unavailable, not refused: the journey tries again later
        client.Verify(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>()), Times.Exactly(4));
    }

    [Fact]
    public async Task A_retry_after_longer_than_max_delay_ends_the_send_at_once_as_not_sent()
    {
        var client = Client(Status(HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromMinutes(5)));

        var result = await Sender(client.Object).SendAsync(TemplateEmail(), CancellationToken.None);

        Assert.False(result.Sent);
        Assert.Contains("wait", result.Error);
        Assert.Equal(TimeSpan.FromMinutes(5), result.RetryAfter);
        client.Verify(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_retry_after_is_waited_on_the_time_provider()
    {
        var client = Client(Status(HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromSeconds(20)), Accepted("m-5"));
        var sending = Sender(client.Object).SendAsync(TemplateEmail(), CancellationToken.None);

        // The sender waits on the fake clock: nothing is sent again until 20 seconds have passed on it.
        while (!sending.IsCompleted)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }

        Assert.Equal(new EmailSendResult(true, "m-5"), await sending);
        Assert.True(_clock.GetUtcNow() >= new DateTimeOffset(2026, 3, 3, 9, 0, 20, TimeSpan.Zero));
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_calls_sendgrid_once()
    {
        var client = Client(Accepted("m-6"), Accepted("m-7"));
        var sender = Sender(client.Object);

        var first = await sender.SendAsync(TemplateEmail(), CancellationToken.None);
        var second = await sender.SendAsync(TemplateEmail() with { Subject = "changed" }, CancellationToken.None);

        Assert.Equal(new EmailSendResult(true, "m-6"), first);
        Assert.Equal(new EmailSendResult(true, "m-6") { SentBefore = true }, second);
        client.Verify(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_suppressed_address_is_never_sent_and_the_command_counts_as_done()
    {
        var client = new Mock<ISendGridClient>(MockBehavior.Strict);
        await _ports.SuppressAsync("ADA@example.com", "unsubscribed", CancellationToken.None);

        var result = await Sender(client.Object).SendAsync(TemplateEmail(), CancellationToken.None);

        Assert.Equal(new EmailSendResult(true, null, Suppressed: true), result);
        client.Verify(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Empty(_ports.SentEmails);
    }

    [Fact]
    public async Task Cancellation_is_not_mistaken_for_a_timeout()
    {
        using var cts = new CancellationTokenSource();
        var client = new Mock<ISendGridClient>();
        client.Setup(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                cts.Cancel();
                return Task.FromException<Response>(new TaskCanceledException());
            });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Sender(client.Object).SendAsync(TemplateEmail(), cts.Token));
        client.Verify(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task An_email_without_template_or_body_is_a_programming_error()
    {
        var client = new Mock<ISendGridClient>(MockBehavior.Strict);
        var email = new OutgoingEmail { IdempotencyKey = "k", To = "ada@example.com", Subject = "no body" };

        await Assert.ThrowsAsync<ArgumentException>(() => Sender(client.Object).SendAsync(email, CancellationToken.None));
    }

    [Theory]
    [InlineData(1, 0.0, null, 500)]
    [InlineData(1, 1.0, null, 1000)]
    [InlineData(3, 1.0, null, 4000)]
    [InlineData(10, 1.0, null, 30000)]
    [InlineData(1, 0.0, 7000, 7000)]
    [InlineData(4, 1.0, 2000, 8000)]
    public void Delays_double_with_jitter_are_capped_and_never_shorter_than_retry_after(int attempt, double jitter, int? retryAfterMs, int expectedMs)
    {
        var options = new SendGridOptions { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(30) };
        var retryAfter = retryAfterMs is { } ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), SendGridEmailSender.Delay(attempt, retryAfter, options, jitter));
    }

    [Fact]
    public void A_retry_after_date_is_read_relative_to_now()
    {
        var now = new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero);
        using var message = new HttpResponseMessage();
        message.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(now.AddSeconds(12));

        Assert.Equal(TimeSpan.FromSeconds(12), SendGridEmailSender.RetryAfterOf(message.Headers, now));
        Assert.Null(SendGridEmailSender.RetryAfterOf(null, now));
    }

    internal static Mock<ISendGridClient> Client(params Response[] responses)
    {
        var client = new Mock<ISendGridClient>(MockBehavior.Strict);
        var sequence = client.SetupSequence(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>()));
        foreach (var response in responses)
        {
            sequence = sequence.ReturnsAsync(response);
        }

        return client;
    }

    internal static Response Accepted(string messageId)
    {
        var headers = new HttpResponseMessage().Headers;
        headers.Add("X-Message-Id", messageId);
        return new Response(HttpStatusCode.Accepted, new StringContent(""), headers);
    }

    internal static Response Status(HttpStatusCode status, string body = "", TimeSpan? retryAfter = null)
    {
        var headers = new HttpResponseMessage().Headers;
        if (retryAfter is { } wait)
        {
            headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(wait);
        }

        return new Response(status, new StringContent(body, Encoding.UTF8, "application/json"), headers);
    }
}
