using System.Text;
using System.Text.Json;
using FunnelAutomation.Core.Common;

namespace FunnelAutomation.Host.Infrastructure;

/// <summary>Reads request bodies with an explicit size limit and turns JSON objects into flat string
/// fields, so type errors are reported per field instead of failing the whole request.</summary>
internal static class BodyReader
{
    public static async Task<(string? Text, bool TooLarge)> ReadTextAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return (null, true);
        }

        var buffer = new byte[Math.Min(limit + 1, 64 * 1024)];
        using var collected = new MemoryStream();
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            collected.Write(buffer, 0, read);
            if (collected.Length > limit)
            {
                return (null, true);
            }
        }

        return (Encoding.UTF8.GetString(collected.GetBuffer(), 0, (int)collected.Length), false);
    }

    /// <summary>A JSON object of scalar fields as strings: numbers keep their text, booleans become
    /// "true"/"false", null is absent. Nested objects and arrays are refused for the field.</summary>
    public static Result<Dictionary<string, string?>> JsonFields(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return Result<Dictionary<string, string?>>.Failure("$", $"not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Result<Dictionary<string, string?>>.Failure("$", "expected a JSON object");
            }

            var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            var errors = new List<ValidationError>();
            try
            {
                Collect(document.RootElement, fields, errors);
            }
            catch (InvalidOperationException)
            {
                // An escaped lone surrogate ("\uD800") parses as JSON but cannot become a .NET string.
                return Result<Dictionary<string, string?>>.Failure("$", "contains an unpaired UTF-16 surrogate escape");
            }

            return errors.Count == 0 ? Result<Dictionary<string, string?>>.Success(fields) : Result<Dictionary<string, string?>>.Failure(errors);
        }
    }

    private static void Collect(JsonElement root, Dictionary<string, string?> fields, List<ValidationError> errors)
    {
        foreach (var property in root.EnumerateObject())
        {
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.String:
                        fields[property.Name] = property.Value.GetString();
                        break;
                    case JsonValueKind.Number:
                        fields[property.Name] = property.Value.GetRawText();
                        break;
                    case JsonValueKind.True or JsonValueKind.False:
                        fields[property.Name] = property.Value.GetRawText();
                        break;
                    case JsonValueKind.Null:
                        break;
                    default:
                        errors.Add(new ValidationError(property.Name, "must be a string, number or boolean"));
                        break;
                }
        }
    }
}
