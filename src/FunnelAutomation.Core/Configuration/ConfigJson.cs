using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using FunnelAutomation.Core.Common;

namespace FunnelAutomation.Core.Configuration;

/// <summary>Reads a configuration document (pipeline, scoring model, routing rules, sequence): JSON with
/// a <c>kind</c> and a <c>schemaVersion</c>. Syntax, type and unknown-field problems come back as
/// (JSON path, reason) errors; each document type then adds its own rule checks.</summary>
public static partial class ConfigJson
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
                var path = ex.Path ?? "$";
                return Result<T>.Failure(path, Describe(ex, typeof(T), Find(document.RootElement, path)));
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

    // The serializer's messages name .NET types ("could not be converted to System.Nullable`1[System.Int32]");
    // a marketer reads them, so the common ones are said again in the document's terms. JsonException
    // messages end with "Path: $.x | LineNumber: …"; the path is reported separately.
    private static string Describe(JsonException ex, Type root, JsonElement? found)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;
        var converted = ConvertedTo().Match(message);
        if (converted.Success)
        {
            var expected = Expected(converted.Groups["type"].Value, root);
            return found is { } value ? $"must be {expected}, not {Found(value)}" : $"must be {expected}";
        }

        var unknown = UnknownMember().Match(message);
        if (unknown.Success)
        {
            return $"unknown field \"{unknown.Groups["name"].Value}\" (check its spelling and where it is placed)";
        }

        var missing = MissingRequired().Match(message);
        if (missing.Success)
        {
            return $"required field missing: {missing.Groups["names"].Value.Replace("'", "\"", StringComparison.Ordinal)}";
        }

        return message.Contains("doesn't allow setting null values", StringComparison.Ordinal) ? "must not be null" : message;
    }

    /// <summary>The expected value in JSON terms, from the .NET type the serializer names.</summary>
    private static string Expected(string typeName, Type root)
    {
        const string nullable = "System.Nullable`1[";
        if (typeName.StartsWith(nullable, StringComparison.Ordinal) && typeName.EndsWith(']'))
        {
            typeName = typeName[nullable.Length..^1];
        }

        switch (typeName)
        {
            case "System.Int32" or "System.Int64" or "System.Int16" or "System.Byte" or "System.UInt32" or "System.UInt64":
                return "a whole number";
            case "System.Double" or "System.Single" or "System.Decimal":
                return "a number";
            case "System.String":
                return "text (a JSON string)";
            case "System.Boolean":
                return "true or false";
            case "System.DateTimeOffset" or "System.DateTime" or "System.DateOnly":
                return "an ISO 8601 date and time";
        }

        if (typeName.Contains("Dictionary`2", StringComparison.Ordinal))
        {
            return "an object of names and values";
        }

        if (typeName.Contains("List`1", StringComparison.Ordinal) || typeName.Contains("Enumerable`1", StringComparison.Ordinal)
            || typeName.EndsWith("[]", StringComparison.Ordinal))
        {
            return "a list";
        }

        if (root.Assembly.GetType(typeName) is { IsEnum: true } enumType)
        {
            var names = Enum.GetNames(enumType).Select(n => $"\"{JsonNamingPolicy.CamelCase.ConvertName(n)}\"");
            return "one of " + string.Join(", ", names);
        }

        return "an object";
    }

    private static string Found(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetRawText().Length <= 42 ? $"the text {value.GetRawText()}" : "that text",
        JsonValueKind.Number => value.GetRawText().Length <= 40 ? value.GetRawText() : "that number",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "a list",
        _ => "an object",
    };

    /// <summary>The element a serializer path ("$.steps[2].hours", "$['odd name']") points at, if it can be found.</summary>
    private static JsonElement? Find(JsonElement root, string path)
    {
        if (!path.StartsWith('$'))
        {
            return null;
        }

        var current = root;
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(path[(i + 1)..end], out current))
                {
                    return null;
                }

                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0 || current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(path[(i + 2)..end], out current))
                {
                    return null;
                }

                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
                    || current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength())
                {
                    return null;
                }

                current = current[index];
                i = end + 1;
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    [GeneratedRegex(@"could not be converted to (?<type>\S+?)\.?$")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@"The JSON property '(?<name>.*)' could not be mapped to any \.NET member")]
    private static partial Regex UnknownMember();

    [GeneratedRegex(@"missing required properties including: (?<names>.+?)\.?$")]
    private static partial Regex MissingRequired();

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
