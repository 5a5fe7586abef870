using System.Text.Json;
using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Configuration;
using FunnelAutomation.Core.Routing;

namespace FunnelAutomation.Application.Configuration;

/// <summary>One rep as sent to <c>PUT /api/reps/{id}</c>: validated as a one-rep roster document, so its
/// errors read like every other document's (paths rooted at the rep, e.g. <c>$.capacity</c>).</summary>
public static class RepDocument
{
    public static Result<Rep> Parse(string id, string? json)
    {
        ArgumentNullException.ThrowIfNull(id);
        try
        {
            using var _ = JsonDocument.Parse(json ?? string.Empty);
        }
        catch (JsonException ex)
        {
            return Result<Rep>.Failure("$", $"not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1})");
        }

        var roster = $$"""{ "kind": "reps", "schemaVersion": {{ConfigJson.CurrentSchemaVersion}}, "reps": [ {{json}} ] }""";
        var loaded = RepRoster.Load(roster);
        if (!loaded.IsSuccess)
        {
            return Result<Rep>.Failure([.. loaded.Errors.Select(e => e with { Path = e.Path.Replace("$.reps[0]", "$", StringComparison.Ordinal) })]);
        }

        var rep = loaded.Value.Reps[0];
        return rep.Id == id ? Result<Rep>.Success(rep) : Result<Rep>.Failure("$.id", $"must match the URL (\"{id}\")");
    }
}
