using System.Text.Json;
using FunnelAutomation.Core.Common;

namespace FunnelAutomation.Application.Http;

/// <summary>Turns a JSON object body into flat string fields, so type errors are reported per field
/// instead of failing the whole request. Shared by the local Host and the Functions app.</summary>
public static class FlatJsonFields
{
    /// <summary>A JSON object of scalar fields as strings: numbers keep their text, booleans become
    /// "true"/"false", null is absent. Nested objects and arrays are refused for the field.</summary>
    public static Result<Dictionary<string, string?>> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
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
            if (Utf8Text.HasReplacement(property.Name))
            {
                errors.Add(new ValidationError("$", "a field name is " + Utf8Text.NotUtf8Reason));
                continue;
            }

            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String when Utf8Text.HasReplacement(property.Value.GetString()):
                    errors.Add(new ValidationError(property.Name, Utf8Text.NotUtf8Reason));
                    break;
                case JsonValueKind.String:
                    fields[property.Name] = property.Value.GetString();
                    break;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
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
