using FunnelAutomation.Application;
using FunnelAutomation.Azure.Queues;

namespace FunnelAutomation.Functions.Queues;

/// <summary>Reads a queue message the way the local Host's QueueProcessor does: a <see cref="MessageEnvelope"/>
/// (the trigger has already undone the Base64), of the expected type, with a payload of the expected shape.
/// Anything else can never succeed, so it is an <see cref="InvalidInputException"/> with the reason.</summary>
public static class QueueEnvelopes
{
    public static T Read<T>(string message, string expectedType) => ReadEnvelope<T>(message, expectedType).Payload;

    /// <summary>Reads the message and handles its payload inside the span that continues the sender's trace.</summary>
    public static async Task HandleAsync<T>(string message, string expectedType, string queue, Func<T, Task> handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var (payload, envelope) = ReadEnvelope<T>(message, expectedType);
        using var span = envelope.StartProcessing(queue);
        await handle(payload).ConfigureAwait(false);
    }

    private static (T Payload, MessageEnvelope Envelope) ReadEnvelope<T>(string message, string expectedType)
    {
        ArgumentException.ThrowIfNullOrEmpty(expectedType);
        if (!MessageEnvelope.TryParse(message ?? string.Empty, out var envelope, out var error))
        {
            throw new InvalidInputException(error ?? "malformed envelope");
        }

        if (!string.Equals(envelope!.Type, expectedType, StringComparison.Ordinal))
        {
            throw new InvalidInputException($"unknown message type '{envelope.Type}' (expected '{expectedType}')");
        }

        try
        {
            return (envelope.GetPayload<T>(), envelope);
        }
        catch (NonRetryableMessageException ex)
        {
            throw new InvalidInputException(ex.Message, ex);
        }
    }
}
