using System.Text.Json;

namespace FunnelAutomation.Host.Tests;

/// <summary>The OpenAPI document is good enough to generate a client from: statuses, bodies, query parameters
/// and the function key as a security scheme.</summary>
public sealed class OpenApiDocumentTests(HostFixture host) : IClassFixture<HostFixture>
{
    private async Task<JsonElement> DocumentAsync()
    {
        using var response = await host.Client.GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task Lead_capture_names_both_body_types_and_every_status_it_answers()
    {
        var capture = (await DocumentAsync()).GetProperty("paths").GetProperty("/api/leads").GetProperty("post");

        var media = capture.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("application/json", media);
        Assert.Contains("application/x-www-form-urlencoded", media);
        var statuses = capture.GetProperty("responses").EnumerateObject().Select(p => p.Name).ToList();
        Assert.All(new[] { "202", "400", "413", "415", "429", "503" }, status => Assert.Contains(status, statuses));
        Assert.False(capture.TryGetProperty("security", out _), "lead capture is anonymous");
        var accepted = capture.GetProperty("responses").GetProperty("202").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.True(accepted.ValueKind == JsonValueKind.Object);
    }

    [Fact]
    public async Task The_funnel_route_lists_its_query_parameters_and_requires_the_key()
    {
        var document = await DocumentAsync();
        var funnel = document.GetProperty("paths").GetProperty("/api/funnel").GetProperty("get");

        var parameters = funnel.GetProperty("parameters").EnumerateArray()
            .Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.All(new[] { "pipeline", "from", "to", "source", "rep", "team", "grade" }, name => Assert.Contains(name, parameters));
        Assert.Contains("functionKey", funnel.GetProperty("security")[0].EnumerateObject().Select(p => p.Name));
        Assert.True(funnel.GetProperty("responses").TryGetProperty("401", out _));

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("functionKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("x-functions-key", scheme.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Every_operation_says_more_than_200()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        var bare = new List<string>();
        foreach (var path in paths.EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var statuses = operation.Value.GetProperty("responses").EnumerateObject().Select(p => p.Name).ToList();
                if (statuses.All(s => s == "200"))
                {
                    bare.Add($"{operation.Name.ToUpperInvariant()} {path.Name}");
                }
            }
        }

        Assert.True(bare.Count == 0, "Only 200 documented: " + string.Join(", ", bare));
    }
}
