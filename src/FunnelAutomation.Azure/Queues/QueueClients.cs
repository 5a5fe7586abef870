using Azure.Storage.Queues;

namespace FunnelAutomation.Azure.Queues;

/// <summary>Creates queue clients the way this code base uses them: messages are Base64 on the wire, like
/// Azure Functions' queue trigger expects; the processor receives raw text and decodes it itself, so a
/// message that is not Base64 is moved to the poison queue instead of failing the whole receive.</summary>
public static class QueueClients
{
    public static QueueClient ForSending(string connectionString, string queueName) =>
        new(connectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public static QueueClient ForReceiving(string connectionString, string queueName) =>
        new(connectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
}
