using System.Text.Json;
using FunnelAutomation.Azure.Storage;

namespace FunnelAutomation.Azure.Queues;

/// <summary>Every queue message is this JSON object: <c>{"schemaVersion":1,"type":"…","id":"…","payload":{…}}</c>.
/// <see cref="Id"/> is the idempotency key (the same id delivered twice has one effect); <see cref="Type"/>
/// tells the handler how to read <see cref="Payload"/>.</summary>
public sealed record MessageEnvelope
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required string Type { get; init; }

    public required string Id { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public JsonElement Payload { get; init; }

    /// <summary>The W3C traceparent of the span that sent the message, so its handling continues that trace.</summary>
    public string? TraceParent { get; init; }

    public static MessageEnvelope Create<T>(string type, string id, T payload, DateTimeOffset? createdAt = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return new MessageEnvelope
        {
            Type = type,
            Id = id,
            CreatedAt = createdAt,
            Payload = JsonSerializer.SerializeToElement(payload, StorageJson.Options),
            TraceParent = Application.Telemetry.FunnelTelemetry.CurrentTraceParent(),
        };
    }

    /// <summary>The payload as <typeparamref name="T"/>; a payload that does not fit is a
    /// <see cref="NonRetryableMessageException"/> (no retry will make it fit).</summary>
    public T GetPayload<T>()
    {
        try
        {
            return Payload.Deserialize<T>(StorageJson.Options)
                ?? throw new NonRetryableMessageException($"Message {Id} of type '{Type}' has an empty payload.");
        }
        catch (JsonException ex)
        {
            throw new NonRetryableMessageException($"Message {Id} of type '{Type}' has a payload that is not a valid {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    /// <summary>The span of handling this message on <paramref name="queueName"/>, continuing the sender's trace
    /// (both hosts' queue listeners start it around their handler).</summary>
    public System.Diagnostics.Activity? StartProcessing(string queueName)
    {
        var span = Application.Telemetry.FunnelTelemetry.Start($"{queueName} process", System.Diagnostics.ActivityKind.Consumer, TraceParent);
        span?.SetTag("messaging.system", "azure_queues");
        span?.SetTag("messaging.destination.name", queueName);
        span?.SetTag("messaging.message.type", Type);
        return span;
    }

    public string ToJson() => JsonSerializer.Serialize(this, StorageJson.Options);

    /// <summary>Reads an envelope, or says in words why the text is not one.</summary>
    public static bool TryParse(string json, out MessageEnvelope? envelope, out string? error)
    {
        envelope = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            error = $"malformed envelope: not valid JSON ({ex.Message})";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "malformed envelope: expected a JSON object";
                return false;
            }

            if (!root.TryGetProperty("schemaVersion", out var version) || !version.TryGetInt32(out var schemaVersion))
            {
                error = "malformed envelope: 'schemaVersion' (a number) is missing";
                return false;
            }

            if (schemaVersion != CurrentSchemaVersion)
            {
                error = $"unsupported schemaVersion {schemaVersion}; this build reads {CurrentSchemaVersion}";
                return false;
            }

            if (!TryGetText(root, "type", out var type) || !TryGetText(root, "id", out var id))
            {
                error = "malformed envelope: 'type' and 'id' (non-empty strings) are required";
                return false;
            }

            if (!root.TryGetProperty("payload", out var payload))
            {
                error = "malformed envelope: 'payload' is missing";
                return false;
            }

            DateTimeOffset? createdAt = root.TryGetProperty("createdAt", out var created) && created.TryGetDateTimeOffset(out var at) ? at : null;
            var traceParent = root.TryGetProperty("traceParent", out var trace) && trace.ValueKind == JsonValueKind.String ? trace.GetString() : null;
            envelope = new MessageEnvelope { SchemaVersion = schemaVersion, Type = type, Id = id, CreatedAt = createdAt, Payload = payload.Clone(), TraceParent = traceParent };
            error = null;
            return true;
        }
    }

    private static bool TryGetText(JsonElement root, string name, out string value)
    {
        value = string.Empty;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = element.GetString() ?? string.Empty;
        return !string.IsNullOrWhiteSpace(value);
    }
}
