using System.Text;

namespace FunnelAutomation.Application.Http;

/// <summary>Reads a request body as UTF-8 text with an explicit size limit (the declared length is
/// checked first, then the bytes actually read), so a huge body is refused without being buffered. Bytes that
/// are not UTF-8 become U+FFFD (<see cref="FunnelAutomation.Core.Common.Utf8Text"/>), which the field readers
/// (<see cref="FlatJsonFields"/>, lead validation) refuse by field name.</summary>
public static class BoundedBody
{
    public static async Task<(string? Text, bool TooLarge)> ReadTextAsync(Stream body, long? contentLength, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (contentLength > limit)
        {
            return (null, true);
        }

        var buffer = new byte[Math.Min(limit + 1, 64 * 1024)];
        using var collected = new MemoryStream();
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            collected.Write(buffer, 0, read);
            if (collected.Length > limit)
            {
                return (null, true);
            }
        }

        return (Encoding.UTF8.GetString(collected.GetBuffer(), 0, (int)collected.Length), false);
    }
}
