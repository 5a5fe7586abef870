using System.Globalization;
using System.Text.Json;
using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Configuration;

namespace FunnelAutomation.Api.Configuration;

/// <summary>A JSON request body that must be one object of known fields (the preview and replay requests): parsed
/// once, every unknown field and bad value reported by JSON path, with small readers for the fields they share.</summary>
internal static class RequestObject
{
    /// <param name="shape">What the object must hold, for the error when the body is not an object.</param>
    /// <param name="read">Reads the fields into a request, adding errors; its answer is used only when there are none.</param>
    public static Result<T> Parse<T>(string json, string[] known, string shape, Func<JsonElement, List<ValidationError>, T> read)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, ConfigJson.DocumentOptions);
        }
        catch (JsonException ex)
        {
            return Result<T>.Failure("$", $"not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Result<T>.Failure("$", "must be an object " + shape);
            }

            var errors = new List<ValidationError>();
            foreach (var property in root.EnumerateObject().Where(p => !known.Contains(p.Name, StringComparer.Ordinal)))
            {
                errors.Add(new ValidationError("$." + property.Name, $"unknown field (use {string.Join(", ", known)})"));
            }

            var request = read(root, errors);
            return errors.Count > 0 ? Result<T>.Failure(errors) : Result<T>.Success(request);
        }
    }

    /// <summary>A required object property as its JSON text (a configuration document), or an error at <c>$.name</c>.</summary>
    public static string? Document(JsonElement root, string name, string what, List<ValidationError> errors)
    {
        if (root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Object)
        {
            return element.GetRawText();
        }

        errors.Add(new ValidationError("$." + name, $"required: {what} (an object)"));
        return null;
    }

    /// <summary>An optional ISO date and time property, in UTC; an error at <c>$.name</c> when it is not one.</summary>
    public static DateTimeOffset? Instant(JsonElement root, string name, List<ValidationError> errors)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(element.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at.ToUniversalTime();
        }

        errors.Add(new ValidationError("$." + name, "must be a date and time such as \"2026-03-03T18:00:00Z\""));
        return null;
    }
}
