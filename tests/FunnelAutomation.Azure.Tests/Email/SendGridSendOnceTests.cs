using System.Net;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Azure.Email;
using Microsoft.Extensions.Time.Testing;
using Moq;
using SendGrid;
using SendGrid.Helpers.Mail;
using static FunnelAutomation.Azure.Tests.Email.SendGridEmailSenderTests;

namespace FunnelAutomation.Azure.Tests.Email;

/// <summary>SendGrid cannot tell whether it already took an email, so the sender claims the key first: two workers
/// flushing the same journey command send it once, a worker killed mid-send is never followed by a second copy,
/// and a refusal gives the key back for a later attempt.</summary>
public sealed class SendGridSendOnceTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryEmailPorts _ports;

    public SendGridSendOnceTests() => _ports = new InMemoryEmailPorts { Clock = _clock };

    private SendGridEmailSender Sender(ISendGridClient client) => new(client, Options(), _ports, _ports, _ports, _clock);

    [Fact]
    public async Task Two_workers_sending_the_same_email_at_once_call_sendgrid_once()
    {
        var gate = new TaskCompletionSource<Response>(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = new Mock<ISendGridClient>(MockBehavior.Strict);
        client.Setup(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>())).Returns(gate.Task);
        var sender = Sender(client.Object);

        var first = sender.SendAsync(TemplateEmail(), CancellationToken.None); // waits inside SendGrid's answer
        var second = await sender.SendAsync(TemplateEmail(), CancellationToken.None);
        gate.SetResult(Accepted("m-1"));
        var firstResult = await first;

        Assert.Equal(new EmailSendResult(true, "m-1"), firstResult);
        Assert.False(second.Sent);
        Assert.Equal(TimeSpan.FromSeconds(5), second.RetryAfter);
        client.Verify(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>()), Times.Once);
        var later = await sender.SendAsync(TemplateEmail(), CancellationToken.None);
        Assert.Equal(new EmailSendResult(true, "m-1") { SentBefore = true }, later);
        client.Verify(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>()), Times.Once);

        // The email's record is what says "sent" (no completion written beside it): long after the claim's lease
        // ran out, a retry still answers "sent before" and is not taken for an abandoned claim.
        Assert.Equal(0, _ports.MarkedRun);
        _clock.Advance(EmailSendGuard.SendLease * 3);
        Assert.Equal(new EmailSendResult(true, "m-1") { SentBefore = true }, await sender.SendAsync(TemplateEmail(), CancellationToken.None));
        Assert.Equal("sendgrid", Assert.Single(_ports.SentEmails).Channel); // one record, not an "unconfirmed" one beside it
        client.Verify(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_claim_left_by_a_killed_worker_is_not_followed_by_a_second_copy()
    {
        var client = new Mock<ISendGridClient>(MockBehavior.Strict);
        var sender = Sender(client.Object);
        // A worker claimed the key and died before recording whether SendGrid took the email.
        var dead = await _ports.ClaimAsync(EmailSendGuard.GuardKey(TemplateEmail()), EmailSendGuard.SendLease, CancellationToken.None);
        Assert.Equal(EffectClaimStatus.Claimed, dead.Status);

        var whileHeld = await sender.SendAsync(TemplateEmail(), CancellationToken.None);
        _clock.Advance(EmailSendGuard.SendLease + TimeSpan.FromSeconds(1));
        var afterExpiry = await sender.SendAsync(TemplateEmail(), CancellationToken.None);
        var again = await sender.SendAsync(TemplateEmail(), CancellationToken.None);

        Assert.NotNull(whileHeld.RetryAfter);
        Assert.True(afterExpiry.Sent);
        Assert.Contains("not sent again", afterExpiry.Error, StringComparison.Ordinal);
        Assert.True(again.Sent);
        Assert.Equal(SendGridEmailSender.UnconfirmedChannel, Assert.Single(_ports.SentEmails).Channel);
        client.Verify(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_refused_email_gives_the_key_back_so_a_later_attempt_sends_it()
    {
        var client = Client(Status(HttpStatusCode.BadRequest, """{"errors":[{"message":"bad"}]}"""), Accepted("m-2"));
        var sender = Sender(client.Object);

        var refused = await sender.SendAsync(TemplateEmail(), CancellationToken.None);
        var retried = await sender.SendAsync(TemplateEmail(), CancellationToken.None);

        Assert.False(refused.Sent);
        Assert.Null(refused.RetryAfter); // a refusal: repeating will not fix it
        Assert.Equal(new EmailSendResult(true, "m-2"), retried);
        client.Verify(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }
}
