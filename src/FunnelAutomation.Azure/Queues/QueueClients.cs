using Azure.Core;
using Azure.Storage.Queues;

namespace FunnelAutomation.Azure.Queues;

/// <summary>Creates queue clients the way this code base uses them: messages are Base64 on the wire, like
/// Azure Functions' queue trigger expects; the processor receives raw text and decodes it itself, so a
/// message that is not Base64 is moved to the poison queue instead of failing the whole receive.</summary>
public static class QueueClients
{
    /// <summary>Retries for a put made while an HTTP client waits (a form post, a CSV import): two quick
    /// retries and a short network timeout, so an unreachable account becomes a 503 + Retry-After within a few
    /// seconds instead of after the storage SDK's default policy (5 retries with exponential back-off: ~30 s against
    /// an endpoint answering 503, measured). Background work
    /// keeps the default policy: nobody waits on it and a longer patience loses nothing.</summary>
    public static readonly RequestPathRetry RequestPath = new(MaxRetries: 2, Delay: TimeSpan.FromMilliseconds(200), MaxDelay: TimeSpan.FromSeconds(1), NetworkTimeout: TimeSpan.FromSeconds(4));

    public static QueueClient ForSending(string connectionString, string queueName, RequestPathRetry? retry = null)
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        if (retry is not null)
        {
            options.Retry.Mode = RetryMode.Exponential;
            options.Retry.MaxRetries = retry.MaxRetries;
            options.Retry.Delay = retry.Delay;
            options.Retry.MaxDelay = retry.MaxDelay;
            options.Retry.NetworkTimeout = retry.NetworkTimeout;
        }

        return new QueueClient(connectionString, queueName, options);
    }

    public static QueueClient ForReceiving(string connectionString, string queueName) =>
        new(connectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
}

/// <summary>A bounded retry policy for storage calls made inside a request (see <see cref="QueueClients.RequestPath"/>).</summary>
public sealed record RequestPathRetry(int MaxRetries, TimeSpan Delay, TimeSpan MaxDelay, TimeSpan NetworkTimeout);
