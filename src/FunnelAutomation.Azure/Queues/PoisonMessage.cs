using System.IO.Compression;
using System.Text;
using System.Text.Json;
using FunnelAutomation.Azure.Storage;

namespace FunnelAutomation.Azure.Queues;

/// <summary>What lands in <c>&lt;queue&gt;-poison</c>: the original message and why it could not be processed.
/// The original is kept as text when it fits; otherwise gzip-compressed (Base64), since a queue message
/// is at most 64 KiB and the original alone may be close to that.</summary>
public sealed record PoisonMessage
{
    public const string TextFormat = "text";
    public const string RawFormat = "raw";
    public const string GzipBase64Format = "gzip-base64";

    public int SchemaVersion { get; init; } = 1;

    public string Type { get; init; } = "poison";

    public required string Reason { get; init; }

    public required DateTimeOffset FailedAt { get; init; }

    public long DequeueCount { get; init; }

    public required string Queue { get; init; }

    public string? MessageId { get; init; }

    public DateTimeOffset? InsertedOn { get; init; }

    /// <summary>"text" (the decoded message), "raw" (as received: it could not be decoded) or
    /// "gzip-base64" (the decoded message, compressed to fit).</summary>
    public required string OriginalFormat { get; init; }

    public required string OriginalMessage { get; init; }

    /// <summary>Length in characters of the original text.</summary>
    public int OriginalLength { get; init; }

    /// <summary>True only when even the compressed original did not fit; then the start is kept and this says so.</summary>
    public bool OriginalTruncated { get; init; }

    /// <summary>The original message text (decompressed when needed).</summary>
    public string GetOriginalText()
    {
        if (OriginalFormat != GzipBase64Format)
        {
            return OriginalMessage;
        }

        using var input = new MemoryStream(Convert.FromBase64String(OriginalMessage));
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public string ToJson() => JsonSerializer.Serialize(this, StorageJson.Options);

    public static PoisonMessage Parse(string json) => StorageJson.Deserialize<PoisonMessage>(json);

    /// <summary>Builds the poison record, compressing (or, as a last resort, visibly truncating) the
    /// original so the record fits in one queue message.</summary>
    internal static PoisonMessage Create(string reason, DateTimeOffset failedAt, long dequeueCount, string queue, string? messageId, DateTimeOffset? insertedOn, string original, bool decoded)
    {
        var poison = new PoisonMessage
        {
            Reason = reason.Length > 4000 ? reason[..4000] + "…" : reason,
            FailedAt = failedAt,
            DequeueCount = dequeueCount,
            Queue = queue,
            MessageId = messageId,
            InsertedOn = insertedOn,
            OriginalFormat = decoded ? TextFormat : RawFormat,
            OriginalMessage = original,
            OriginalLength = original.Length,
        };
        if (EnvelopeSender.FitsInMessage(poison.ToJson()))
        {
            return poison;
        }

        var compressed = poison with { OriginalFormat = GzipBase64Format, OriginalMessage = Compress(original) };
        if (EnvelopeSender.FitsInMessage(compressed.ToJson()))
        {
            return compressed;
        }

        // Incompressible and huge: keep what fits and say so (the reason names the full length).
        var keep = Math.Max(0, EnvelopeSender.MaxPayloadBytes / 2 - 2000);
        return poison with { OriginalMessage = original[..Math.Min(keep, original.Length)], OriginalTruncated = true };
    }

    private static string Compress(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            gzip.Write(bytes, 0, bytes.Length);
        }

        return Convert.ToBase64String(output.ToArray());
    }
}
