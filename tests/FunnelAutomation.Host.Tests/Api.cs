using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace FunnelAutomation.Host.Tests;

/// <summary>Small HTTP helpers shared by the end-to-end tests.</summary>
internal static class Api
{
    public static Task<HttpResponseMessage> PostLeadAsync(HttpClient client, object body) =>
        client.PostAsJsonAsync("/api/leads", body);

    public static Task<HttpResponseMessage> PostRawAsync(HttpClient client, string path, string body, string contentType = "application/json") =>
        client.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));

    public static async Task<string> LeadIdAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("leadId").GetString()!;
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static IEnumerable<string> ErrorFields(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()!);

    public static IEnumerable<JsonElement> OutboxTo(JsonElement outbox, string email) =>
        outbox.EnumerateArray().Where(e => string.Equals(e.GetProperty("to").GetString(), email, StringComparison.OrdinalIgnoreCase));

    public static string? Str(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
