using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FunnelAutomation.Api.Analytics;

/// <summary>The funnel routes' query parameters, as text: <see cref="FunnelQueryParser"/> checks them, so a bad
/// value is a 400 naming the parameter rather than a binding failure.</summary>
/// <param name="Pipeline">Pipeline id; default <c>Funnel:DefaultPipeline</c>.</param>
/// <param name="From">First creation month, yyyy-MM.</param>
/// <param name="To">Last creation month, yyyy-MM.</param>
/// <param name="Source">Lead source.</param>
/// <param name="Rep">Owner rep id; "-" for unassigned leads.</param>
/// <param name="Team">Owner team.</param>
/// <param name="Grade">A, B, C or D.</param>
public sealed record FunnelFilter(
    [FromQuery(Name = "pipeline")] string? Pipeline,
    [FromQuery(Name = "from")] string? From,
    [FromQuery(Name = "to")] string? To,
    [FromQuery(Name = "source")] string? Source,
    [FromQuery(Name = "rep")] string? Rep,
    [FromQuery(Name = "team")] string? Team,
    [FromQuery(Name = "grade")] string? Grade)
{
    public static FunnelFilter FromQuery(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new(query["pipeline"], query["from"], query["to"], query["source"], query["rep"], query["team"], query["grade"]);
    }
}
