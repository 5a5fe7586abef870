using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FunnelAutomation.Azure.Storage;

/// <summary>Builds PartitionKey/RowKey values. Keys may not contain / \ # ? or control characters, and
/// time-ordered listings need fixed-width numbers, so every key part goes through here.</summary>
public static class TableKeys
{
    /// <summary>Longest caller-supplied key part kept readable; longer ones are replaced by their hash
    /// (a key is at most 1 KiB, and a row key often holds two parts).</summary>
    public const int MaxReadablePartLength = 200;

    /// <summary>Escapes characters Azure Tables refuses in keys (plus the escape characters themselves)
    /// as %XX. Deterministic, so the same id always maps to the same row.</summary>
    public static string Encode(string part)
    {
        ArgumentException.ThrowIfNullOrEmpty(part);
        var builder = new StringBuilder(part.Length);
        foreach (var c in part)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' or '~' or '\'' || char.IsControl(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        var encoded = builder.ToString();
        // '~' never survives Encode, so a hashed part cannot collide with an encoded one.
        return encoded.Length <= MaxReadablePartLength ? encoded : "~h~" + Sha256Hex(part);
    }

    /// <summary>Ticks counted down from the end of time, zero-padded: ascending row keys list newest first.</summary>
    public static string InvertedTicks(DateTimeOffset at) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>Ticks zero-padded: ascending row keys list oldest first.</summary>
    public static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>Lower-case hex SHA-256 of the UTF-8 text.</summary>
    public static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>A stable bucket in [0, buckets) for spreading rows over partitions.</summary>
    public static int Bucket(string value, int buckets)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(value));
        return (int)(BitConverter.ToUInt32(hash, 0) % (uint)buckets);
    }
}
