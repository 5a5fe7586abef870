using System.Text.Json;
using System.Text.Json.Serialization;
using FunnelAutomation.Core.Analytics;

namespace FunnelAutomation.Api;

/// <summary>The API's JSON, both ways and on both hosts: web defaults (camelCase), enums as camelCase names
/// ("senior", "mostStalled", "b") as the configuration documents write them, and months as "yyyy-MM". So what a
/// GET returns can be sent back, and the dashboard and scripts read it without a lookup table.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web), readOnly: true);

    /// <summary>Adds the API's converters to <paramref name="options"/> (the host's HTTP JSON options).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options, bool readOnly = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new CohortMonthConverter());
        if (readOnly)
        {
            options.MakeReadOnly(populateMissingResolver: true);
        }

        return options;
    }

    private sealed class CohortMonthConverter : JsonConverter<CohortMonth>
    {
        public override CohortMonth Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            CohortMonth.TryParse(reader.GetString(), out var month) ? month : throw new JsonException("expected a month (yyyy-MM)");

        public override void Write(Utf8JsonWriter writer, CohortMonth value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            writer.WriteStringValue(value.ToString());
        }
    }
}
