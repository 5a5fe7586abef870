using System.Net;
using FunnelAutomation.Azure.Email;
using FunnelAutomation.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Moq;
using SendGrid;
using SendGrid.Helpers.Mail;
using static FunnelAutomation.Azure.Tests.Email.SendGridEmailSenderTests;

namespace FunnelAutomation.Azure.Tests.Email;

/// <summary>Issue 15: the SendGrid sender's own metrics. Every retry in place counts once on
/// <c>funnel.sendgrid.retries</c>, and an email whose earlier attempt stopped mid-send counts as
/// <c>funnel.emails{outcome=unconfirmed}</c>, once. Measured per test flow (<see cref="FlowMetrics"/>), so the exact
/// counts hold while other tests send in parallel.</summary>
public sealed class SendGridMetricsTests
{
    private const string Retries = "funnel.sendgrid.retries";
    private const string Emails = "funnel.emails";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryEmailPorts _ports;

    public SendGridMetricsTests() => _ports = new InMemoryEmailPorts { Clock = _clock };

    private SendGridEmailSender Sender(ISendGridClient client) => new(client, Options(), _ports, _ports, _ports, _clock);

    [Fact]
    public async Task A_429_then_a_202_counts_one_retry()
    {
        using var metrics = new FlowMetrics();
        var client = Client(Status(HttpStatusCode.TooManyRequests), Accepted("m-1"));

        var result = await Sender(client.Object).SendAsync(TemplateEmail(), CancellationToken.None);

        Assert.True(result.Sent);
        Assert.Equal(1, metrics.Sum(Retries));
    }

    [Fact]
    public async Task Two_5xx_then_a_202_count_two_retries_and_a_send_that_gives_up_counts_one_fewer_than_its_attempts()
    {
        using var metrics = new FlowMetrics();
        var twice = Client(Status(HttpStatusCode.InternalServerError), Status(HttpStatusCode.BadGateway), Accepted("m-2"));
        Assert.True((await Sender(twice.Object).SendAsync(TemplateEmail("seq/1/a"), CancellationToken.None)).Sent);
        Assert.Equal(2, metrics.Sum(Retries));

        var down = new Mock<ISendGridClient>();
        down.Setup(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>())).ReturnsAsync(() => Status(HttpStatusCode.ServiceUnavailable));
        Assert.False((await Sender(down.Object).SendAsync(TemplateEmail("seq/1/b"), CancellationToken.None)).Sent);

        // Four attempts (Options().MaxAttempts), three retries between them; the last failure is not retried here.
        Assert.Equal(2 + (Options().MaxAttempts - 1), metrics.Sum(Retries));
    }

    [Fact]
    public async Task A_refusal_and_a_first_time_send_count_no_retry()
    {
        using var metrics = new FlowMetrics();

        Assert.True((await Sender(Client(Accepted("m-3")).Object).SendAsync(TemplateEmail("seq/1/c"), CancellationToken.None)).Sent);
        Assert.False((await Sender(Client(Status(HttpStatusCode.BadRequest, """{"errors":[{"message":"bad"}]}""")).Object).SendAsync(TemplateEmail("seq/1/d"), CancellationToken.None)).Sent);

        Assert.Equal(0, metrics.Sum(Retries));
        Assert.DoesNotContain(metrics.Measurements, m => m.Instrument == Retries);
    }

    [Fact]
    public async Task An_abandoned_claim_counts_the_email_as_unconfirmed_once()
    {
        using var metrics = new FlowMetrics();
        var client = new Mock<ISendGridClient>(MockBehavior.Strict);
        var sender = Sender(client.Object);
        // A worker claimed the key and died before recording whether SendGrid took the email.
        await _ports.ClaimAsync(EmailSendGuard.GuardKey(TemplateEmail()), EmailSendGuard.SendLease, CancellationToken.None);

        var whileHeld = await sender.SendAsync(TemplateEmail(), CancellationToken.None);
        Assert.Equal(0, metrics.Sum(Emails, "outcome", "unconfirmed")); // still held: another worker may be sending it
        _clock.Advance(EmailSendGuard.SendLease + TimeSpan.FromSeconds(1));
        var afterExpiry = await sender.SendAsync(TemplateEmail(), CancellationToken.None);
        var again = await sender.SendAsync(TemplateEmail(), CancellationToken.None);

        Assert.False(whileHeld.Sent);
        Assert.True(afterExpiry.Sent);
        Assert.True(again.SentBefore);
        Assert.Equal(1, metrics.Sum(Emails, "outcome", "unconfirmed")); // the retry after it, answered "sent before", adds nothing
        Assert.Equal(1, metrics.Sum(Emails));
        Assert.Equal(0, metrics.Sum(Retries));
    }
}
