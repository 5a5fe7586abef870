using System.Text.Json;
using System.Text.Json.Serialization;

namespace FunnelAutomation.Core.Configuration;

/// <summary>Reads a numeric field of a configuration document (a <c>double?</c> or <c>int?</c> property).
/// A value of the wrong JSON type ("two", true, 1.5 for a whole number) is refused with the field's own rule
/// in user terms, the same sentence its range check uses, instead of the serializer's .NET type names.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
internal sealed class ConfigNumberAttribute : JsonConverterAttribute
{
    public ConfigNumberAttribute(string rule)
    {
        Rule = rule;
    }

    /// <summary>What the field must be, e.g. "must be a number of hours greater than 0 and at most 8784".</summary>
    public string Rule { get; }

    public override JsonConverter? CreateConverter(Type typeToConvert)
    {
        if (typeToConvert == typeof(double?))
        {
            return new DoubleConverter(Rule);
        }

        if (typeToConvert == typeof(int?))
        {
            return new WholeConverter(Rule);
        }

        throw new InvalidOperationException($"{nameof(ConfigNumberAttribute)} reads double? or int? properties, not {typeToConvert}.");
    }

    private static JsonException Refuse(string rule, ref Utf8JsonReader reader) =>
        new($"{rule}, not {Found(ref reader)}");

    // What the document has instead, in the marketer's terms.
    private static string Found(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => $"the text \"{Shorten(reader.GetString())}\"",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "a list",
        JsonTokenType.Number => Shorten(System.Text.Encoding.UTF8.GetString(reader.ValueSpan)),
        _ => "that value",
    };

    private static string Shorten(string? text) =>
        text is null ? string.Empty : text.Length <= 40 ? text : text[..40] + "…";

    private sealed class DoubleConverter(string rule) : JsonConverter<double?>
    {
        public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) && double.IsFinite(value))
            {
                return value;
            }

            throw Refuse(rule, ref reader);
        }

        public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            if (value is { } v)
            {
                writer.WriteNumberValue(v);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }

    private sealed class WholeConverter(string rule) : JsonConverter<int?>
    {
        public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
            {
                return value;
            }

            throw Refuse(rule, ref reader);
        }

        public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            if (value is { } v)
            {
                writer.WriteNumberValue(v);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
