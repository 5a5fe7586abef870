using FunnelAutomation.Application.Ports;
using Microsoft.Extensions.Logging;
using SendGrid;

namespace FunnelAutomation.Azure.Email;

/// <summary>Picks the email sender: SendGrid when an API key is configured, else the dev outbox.</summary>
public static class EmailSenderFactory
{
    public static IEmailSender Create(
        SendGridOptions options,
        ISuppressionList suppressions,
        IIdempotencyGuard guard,
        ISentEmailLog log,
        TimeProvider time,
        ILoggerFactory? loggers = null,
        HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.HasApiKey
            ? new SendGridEmailSender(CreateClient(options, httpClient), options, suppressions, guard, log, time, loggers?.CreateLogger<SendGridEmailSender>())
            : new DevOutboxEmailSender(log, suppressions, guard, time, options.FromEmail);
    }

    /// <summary>The official client, without its own retries (the sender retries, honouring Retry-After)
    /// and answering errors as responses rather than exceptions.</summary>
    public static ISendGridClient CreateClient(SendGridOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.HasApiKey)
        {
            throw new InvalidOperationException("SendGrid:ApiKey is not configured.");
        }

        var clientOptions = new SendGridClientOptions { ApiKey = options.ApiKey, HttpErrorAsException = false };
        if (!string.IsNullOrWhiteSpace(options.Host))
        {
            clientOptions.Host = options.Host;
        }

        return httpClient is null ? new SendGridClient(clientOptions) : new SendGridClient(httpClient, clientOptions);
    }
}
