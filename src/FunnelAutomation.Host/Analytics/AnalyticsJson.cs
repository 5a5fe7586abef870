using System.Text.Json;
using System.Text.Json.Serialization;
using FunnelAutomation.Core.Analytics;

namespace FunnelAutomation.Host.Analytics;

/// <summary>JSON of the analytics answers: web defaults (camelCase), enums as camelCase strings
/// ("mostStalled", "b") and months as "yyyy-MM", so the dashboard and scripts read them without a lookup table.</summary>
internal static class AnalyticsJson
{
    public static readonly JsonSerializerOptions Options = Create();

    public static IResult Ok<T>(T value) => Results.Json(value, Options);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new CohortMonthConverter());
        options.MakeReadOnly(populateMissingResolver: true);
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
