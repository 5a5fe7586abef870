using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using FunnelAutomation.Core.Common;

namespace FunnelAutomation.Core.Configuration;

/// <summary>Reads a configuration document (pipeline, scoring model, routing rules, sequence): JSON with
/// a <c>kind</c> and a <c>schemaVersion</c>. Syntax, type and unknown-field problems come back as
/// (JSON path, reason) errors; each document type then adds its own rule checks.</summary>
public static class ConfigJson
{
    public const int CurrentSchemaVersion = 1;

    /// <summary>Options shared by every document: camelCase, enums as strings, unknown members refused
    /// (a misspelt field must not be silently ignored), comments and trailing commas tolerated.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>The syntax every document is read with, on the way in and on the way back out: what was
    /// accepted (comments, trailing commas) must always be readable back.</summary>
    public static JsonDocumentOptions DocumentOptions { get; } = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    public static Result<T> Parse<T>(string json, string kind)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return Result<T>.Failure("$", $"not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var header = CheckHeader(document.RootElement, kind);
            if (header.Count > 0)
            {
                return Result<T>.Failure(header);
            }

            try
            {
                var value = document.RootElement.Deserialize<T>(Options);
                return value is null
                    ? Result<T>.Failure("$", "the document is empty")
                    : Result<T>.Success(value);
            }
            catch (JsonException ex)
            {
                return Result<T>.Failure(ex.Path ?? "$", Describe(ex));
            }
            catch (InvalidOperationException)
            {
                // An escaped lone surrogate ("\uD800") is valid JSON but cannot become a .NET string.
                return Result<T>.Failure("$", "contains an unpaired UTF-16 surrogate escape");
            }
        }
    }

    public static string Serialize<T>(T document) => JsonSerializer.Serialize(document, Options);

    /// <summary>A stored (already accepted) document as a JSON value, for reading it back over an API.
    /// Comments are dropped; the content is as stored.</summary>
    public static JsonElement ReadBack(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json, DocumentOptions);
        return document.RootElement.Clone();
    }

    private static List<ValidationError> CheckHeader(JsonElement root, string kind)
    {
        var errors = new List<ValidationError>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("$", "a configuration document must be a JSON object"));
            return errors;
        }

        if (!root.TryGetProperty("kind", out var kindElement) || kindElement.ValueKind != JsonValueKind.String)
        {
            errors.Add(new("$.kind", $"required: \"{kind}\""));
        }
        else if (!kindElement.ValueEquals(kind))
        {
            // Raw text, not GetString(): an escaped lone surrogate would throw there.
            errors.Add(new("$.kind", $"expected \"{kind}\" but found {kindElement.GetRawText()}"));
        }

        if (!root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number)
        {
            errors.Add(new("$.schemaVersion", $"required: a number (current is {CurrentSchemaVersion})"));
        }
        else if (!version.TryGetInt32(out var v) || v != CurrentSchemaVersion)
        {
            errors.Add(new("$.schemaVersion", $"unsupported version {version.GetRawText()}; this build reads version {CurrentSchemaVersion}"));
        }

        return errors;
    }

    // JsonException messages end with "Path: $.x | LineNumber: …"; the path is reported separately.
    private static string Describe(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            AllowTrailingCommas = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            AllowOutOfOrderMetadataProperties = true,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver();
        options.MakeReadOnly();
        return options;
    }
}
