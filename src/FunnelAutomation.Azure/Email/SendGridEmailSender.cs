using System.Net;
using System.Net.Http.Headers;
using FunnelAutomation.Application.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace FunnelAutomation.Azure.Email;

/// <summary>Sends through SendGrid's v3 mail/send API. A suppressed address is never mailed and an
/// idempotency key is mailed at most once (both return <c>Sent = true</c>: the command is done). 429,
/// 5xx, network errors and timeouts are retried with exponential backoff and jitter (Retry-After
/// honoured); any other refusal returns <c>Sent = false</c> with SendGrid's error and is not retried
/// here — the journey retries the command later. Nothing is thrown for provider failures.</summary>
/// <remarks>SendGrid has no request idempotency, so a key is claimed before the first attempt (one worker
/// sends it) and released only when SendGrid certainly refused it. A worker killed mid-send leaves the claim to
/// expire; the email is then not sent again (at most once). A timeout after SendGrid accepted the request can
/// still mean a second copy on the in-place retry.</remarks>
public sealed class SendGridEmailSender : IEmailSender
{
    public const string Channel = "sendgrid";

    /// <summary>The sent-log channel of an email whose sender was killed mid-send: it may or may not have left.</summary>
    public const string UnconfirmedChannel = "sendgrid-unconfirmed";
    public const string IdempotencyKeyArg = "idempotencyKey";

    private const int MaxCategories = 10;
    private const int MaxErrorLength = 500;

    private readonly ISendGridClient _client;
    private readonly SendGridOptions _options;
    private readonly EmailSendGuard _guard;
    private readonly ILogger _logger;

    public SendGridEmailSender(
        ISendGridClient client,
        SendGridOptions options,
        ISuppressionList suppressions,
        IIdempotencyGuard guard,
        ISentEmailLog log,
        TimeProvider time,
        ILogger<SendGridEmailSender>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(suppressions);
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.FromEmail, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxAttempts, nameof(options));
        _client = client;
        _options = options;
        _guard = new EmailSendGuard(suppressions, guard, log, time);
        _logger = logger ?? NullLogger<SendGridEmailSender>.Instance;
    }

    public async Task<EmailSendResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var (skipped, claim) = await _guard.ClaimAsync(email, UnconfirmedChannel, cancellationToken).ConfigureAwait(false);
        if (skipped is not null)
        {
            if (skipped.Error is not null && skipped.Sent)
            {
                _logger.LogWarning("Email {Key}: {Reason}", email.IdempotencyKey, skipped.Error);
            }

            return skipped;
        }

        var result = await SendClaimedAsync(email, cancellationToken).ConfigureAwait(false);
        if (!result.Sent)
        {
            await _guard.ReleaseAsync(claim!).ConfigureAwait(false);
        }

        return result;
    }

    private async Task<EmailSendResult> SendClaimedAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var message = BuildMessage(email, _options);
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            TimeSpan? retryAfter = null;
            try
            {
                var response = await _client.SendEmailAsync(message, cancellationToken).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status is >= 200 and < 300)
                {
                    var messageId = MessageIdOf(response);
                    await _guard.RecordAsync(_guard.Describe(email, Channel, _options.FromEmail, messageId), cancellationToken).ConfigureAwait(false);
                    return new EmailSendResult(true, messageId);
                }

                var detail = await ErrorOf(response, cancellationToken).ConfigureAwait(false);
                if (status != (int)HttpStatusCode.TooManyRequests && status < 500)
                {
                    return new EmailSendResult(false, null, $"SendGrid refused the email ({status}): {detail}");
                }

                failure = $"SendGrid answered {status}: {detail}";
                retryAfter = RetryAfterOf(response.Headers, _guard.Time.GetUtcNow());
            }
            catch (HttpRequestException ex)
            {
                failure = "network error: " + ex.Message;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = "the request to SendGrid timed out";
            }

            if (attempt >= _options.MaxAttempts)
            {
                return new EmailSendResult(false, null, $"not sent after {attempt} attempts; last: {failure}", _options.MaxDelay);
            }

            if (Delay(attempt, retryAfter, _options, Random.Shared.NextDouble()) is not { } delay)
            {
                return new EmailSendResult(false, null, $"SendGrid asks to wait {retryAfter}, longer than the {_options.MaxDelay} this sender waits; last: {failure}", retryAfter);
            }

            Application.Telemetry.FunnelMetrics.SendGridRetries.Add(1);
            _logger.LogWarning("Email {Key}: attempt {Attempt} failed ({Failure}); retrying in {Delay}", email.IdempotencyKey, attempt, failure, delay);
            await Task.Delay(delay, _guard.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The SendGrid request for an email: a dynamic template (template id + data) or inline
    /// subject and HTML; categories; custom args (echoed in webhook events) plus the idempotency key;
    /// List-Unsubscribe with one-click POST (RFC 8058); sandbox mode when configured.</summary>
    internal static SendGridMessage BuildMessage(OutgoingEmail email, SendGridOptions options)
    {
        var from = new EmailAddress(options.FromEmail, options.FromName);
        var to = new EmailAddress(email.To, email.ToName);
        var message = string.IsNullOrWhiteSpace(email.TemplateId)
            ? MailHelper.CreateSingleEmail(from, to, email.Subject, plainTextContent: null, htmlContent: email.HtmlBody)
            : MailHelper.CreateSingleTemplateEmail(from, to, email.TemplateId, new Dictionary<string, string>(email.TemplateData, StringComparer.Ordinal));

        var categories = email.Categories
            .Where(c => !string.IsNullOrWhiteSpace(c))
            .Distinct(StringComparer.Ordinal)
            .Take(MaxCategories)
            .ToList();
        if (categories.Count > 0)
        {
            message.AddCategories(categories);
        }

        var args = new Dictionary<string, string>(email.CustomArgs, StringComparer.Ordinal)
        {
            [IdempotencyKeyArg] = email.IdempotencyKey,
        };
        message.AddCustomArgs(args);

        if (!string.IsNullOrWhiteSpace(email.UnsubscribeUrl))
        {
            message.AddHeaders(new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["List-Unsubscribe"] = $"<{email.UnsubscribeUrl}>",
                ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            });
        }

        if (options.SandboxMode)
        {
            message.SetSandBoxMode(true);
        }

        return message;
    }

    /// <summary>The wait before the next attempt: <c>BaseDelay * 2^(attempt-1)</c> capped at MaxDelay,
    /// scaled by a jitter in [0.5, 1); never shorter than Retry-After; null when Retry-After exceeds
    /// MaxDelay (give up now rather than hold the worker).</summary>
    internal static TimeSpan? Delay(int attempt, TimeSpan? retryAfter, SendGridOptions options, double jitter)
    {
        if (retryAfter is { } asked && asked > options.MaxDelay)
        {
            return null;
        }

        var exponential = options.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var capped = Math.Min(exponential, options.MaxDelay.TotalMilliseconds);
        var delay = TimeSpan.FromMilliseconds(capped * (0.5 + (0.5 * Math.Clamp(jitter, 0, 1))));
        return retryAfter is { } wait && wait > delay ? wait : delay;
    }

    internal static TimeSpan? RetryAfterOf(HttpResponseHeaders? headers, DateTimeOffset now) => headers?.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    private static string? MessageIdOf(Response response) =>
        response.Headers is { } headers && headers.TryGetValues("X-Message-Id", out var values) ? values.FirstOrDefault() : null;

    private static async Task<string> ErrorOf(Response response, CancellationToken cancellationToken)
    {
        var body = response.Body is null ? "" : await response.Body.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        body = body.Trim();
        if (body.Length == 0)
        {
            return response.StatusCode.ToString();
        }

        return body.Length <= MaxErrorLength ? body : string.Concat(body.AsSpan(0, MaxErrorLength), "…");
    }
}
