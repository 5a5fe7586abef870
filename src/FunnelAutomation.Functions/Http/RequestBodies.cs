using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using FunnelAutomation.Core.Common;
using Microsoft.AspNetCore.Http;

namespace FunnelAutomation.Functions.Http;

/// <summary>Reads request bodies the way the local Host does: JSON with web naming and camelCase enum
/// strings, and HTML form posts as plain fields. A body that cannot be read is a 4xx, never a 500.</summary>
public static class RequestBodies
{
    public static JsonSerializerOptions Json { get; } = CreateJsonOptions();

    public static async Task<(T? Value, IReadOnlyList<ValidationError> Errors)> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Json, cancellationToken).ConfigureAwait(false);
            return value is null ? (null, [new ValidationError("$", "A JSON body is required.")]) : (value, []);
        }
        catch (JsonException e)
        {
            return (null, [new ValidationError(e.Path ?? "$", e.Message)]);
        }
    }

    /// <summary>Form fields from <c>application/x-www-form-urlencoded</c> / multipart or a flat JSON object
    /// (numbers and booleans as their JSON text); otherwise the problem to answer with (415 or 400).</summary>
    public static async Task<(IReadOnlyDictionary<string, string?>? Fields, Microsoft.AspNetCore.Mvc.ObjectResult? Problem)> ReadFieldsAsync(
        HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            return (form.ToDictionary(f => f.Key, f => (string?)f.Value.ToString(), StringComparer.Ordinal), null);
        }

        if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return (null, Problems.UnsupportedMediaType("Post the lead as application/x-www-form-urlencoded or application/json."));
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Problems.Validation([new ValidationError("$", "The body must be a JSON object of fields.")]));
            }

            var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                fields[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    _ => property.Value.GetRawText(),
                };
            }

            return (fields, null);
        }
        catch (JsonException e)
        {
            return (null, Problems.Validation([new ValidationError(e.Path ?? "$", e.Message)]));
        }
    }

    public static int? QueryInt(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return int.TryParse(request.Query[name].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
