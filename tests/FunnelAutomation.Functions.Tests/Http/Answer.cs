using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace FunnelAutomation.Functions.Tests.Http;

/// <summary>What a trigger's result wrote to the response: status, headers and the body as JSON (or text).</summary>
public sealed record Answer(int Status, IHeaderDictionary Headers, string ContentType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public static async Task<Answer> Of(IResult result, HttpRequest request)
    {
        var context = request.HttpContext;
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        using var reader = new StreamReader(context.Response.Body);
        return new Answer(context.Response.StatusCode, context.Response.Headers, context.Response.ContentType ?? string.Empty, await reader.ReadToEndAsync());
    }

    /// <summary>The problem's <c>errors[].field</c> values.</summary>
    public IReadOnlyList<string> ErrorFields() =>
        [.. Json.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()!)];
}
