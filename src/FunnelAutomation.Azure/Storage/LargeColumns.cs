using System.Globalization;
using System.Text;
using Azure.Data.Tables;

namespace FunnelAutomation.Azure.Storage;

/// <summary>Stores long text (JSON documents, email bodies, history) across several string columns,
/// because one string property holds at most 64 KiB (32K UTF-16 chars); and checks the whole row stays
/// under the 1 MiB entity limit before it is written.</summary>
public static class LargeColumns
{
    /// <summary>Characters per column: below the 32,768-char (64 KiB UTF-16) property limit.</summary>
    public const int CharsPerColumn = 30_000;

    /// <summary>Entity budget kept under the service's 1 MiB, with room for system properties.</summary>
    public const int MaxEntityBytes = 1_000_000;

    public const int MaxProperties = 252;

    /// <summary>Writes <paramref name="text"/> to <c>name</c>, <c>name_1</c>, <c>name_2</c>, …</summary>
    public static void Write(TableEntity entity, string name, string? text)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (text is null)
        {
            return;
        }

        if (text.Length <= CharsPerColumn)
        {
            entity[name] = text;
            return;
        }

        var chunk = 0;
        var start = 0;
        while (start < text.Length)
        {
            var length = Math.Min(CharsPerColumn, text.Length - start);
            // Never split a surrogate pair across two columns.
            if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
            {
                length--;
            }

            entity[ColumnName(name, chunk)] = text.Substring(start, length);
            start += length;
            chunk++;
        }
    }

    /// <summary>Reads text written by <see cref="Write"/>; null when the column is absent.</summary>
    public static string? Read(TableEntity entity, string name)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var first = entity.GetString(name);
        if (first is null)
        {
            return null;
        }

        var next = entity.GetString(ColumnName(name, 1));
        if (next is null)
        {
            return first;
        }

        var builder = new StringBuilder(first);
        for (var chunk = 1; next is not null; chunk++)
        {
            builder.Append(next);
            next = entity.GetString(ColumnName(name, chunk + 1));
        }

        return builder.ToString();
    }

    /// <summary>Throws <see cref="EntityTooLargeException"/> when the row would exceed the service limits
    /// (size computed the way the Table service documents it).</summary>
    public static void EnsureFits(TableEntity entity, string what)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var size = EstimateBytes(entity);
        var properties = entity.Keys.Count(k => k is not "PartitionKey" and not "RowKey" and not "Timestamp" and not "odata.etag");
        if (size > MaxEntityBytes || properties > MaxProperties)
        {
            throw new EntityTooLargeException(string.Create(
                CultureInfo.InvariantCulture,
                $"{what} is too large to store: about {size:N0} bytes in {properties} properties (limits: {MaxEntityBytes:N0} bytes, {MaxProperties} properties)."));
        }
    }

    /// <summary>Absent facts are absent columns (the service stores no nulls; a Replace then clears them).</summary>
    public static void RemoveNulls(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        foreach (var key in entity.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            entity.Remove(key);
        }
    }

    public static long EstimateBytes(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        long size = 4 + ((entity.PartitionKey?.Length ?? 0) * 2) + ((entity.RowKey?.Length ?? 0) * 2);
        foreach (var (key, value) in entity)
        {
            if (key is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")
            {
                continue;
            }

            size += 8 + (key.Length * 2) + value switch
            {
                string s => 4 + (s.Length * 2),
                byte[] b => 4 + b.Length,
                bool => 1,
                int => 4,
                Guid => 16,
                _ => 8,
            };
        }

        return size;
    }

    private static string ColumnName(string name, int chunk) =>
        chunk == 0 ? name : string.Create(CultureInfo.InvariantCulture, $"{name}_{chunk}");
}
