using FunnelAutomation.Core.Analytics;
using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Api.Analytics;

/// <summary>Reads the funnel filters from the query string (pipeline — the default pipeline when omitted —, from, to, source,
/// rep — "-" for unassigned —, team, grade),
/// reporting every bad value at once under its query parameter name.</summary>
public static class FunnelQueryParser
{
    public const string Unassigned = "-";

    /// <param name="defaultPipeline">The pipeline when the query names none (<c>Funnel:DefaultPipeline</c>).</param>
    public static Result<FunnelQuery> Parse(FunnelFilter query, string defaultPipeline)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new List<ValidationError>();
        var pipeline = Text(query.Pipeline) ?? defaultPipeline;

        var from = Month(query.From, "from", errors);
        var to = Month(query.To, "to", errors);
        if (from is { } f && to is { } t && f > t)
        {
            errors.Add(new ValidationError("from", $"{f} is after to ({t})"));
        }

        Grade? grade = null;
        if (Text(query.Grade) is { } gradeText)
        {
            if (gradeText.Length == 1 && Enum.TryParse<Grade>(gradeText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                grade = parsed;
            }
            else
            {
                errors.Add(new ValidationError("grade", $"\"{gradeText}\" is not a grade (A, B, C or D)"));
            }
        }

        if (errors.Count > 0)
        {
            return Result<FunnelQuery>.Failure(errors);
        }

        // An empty rep= means "any rep" (what a cleared picker sends); "-" selects unassigned leads.
        var rep = Text(query.Rep);
        return Result<FunnelQuery>.Success(new FunnelQuery
        {
            PipelineId = pipeline,
            From = from,
            To = to,
            Source = Text(query.Source),
            RepId = rep == Unassigned ? string.Empty : rep,
            Team = Text(query.Team),
            Grade = grade,
        });
    }

    /// <summary>The service names its errors by query-model path ($.pipelineId, $.from); the API answers in
    /// query parameter names so a client can put the message next to its input.</summary>
    public static IReadOnlyList<ValidationError> ToQueryFields(IReadOnlyList<ValidationError> errors) =>
        [.. errors.Select(e => e.Path switch
        {
            "$.pipelineId" => e with { Path = "pipeline" },
            "$.from" => e with { Path = "from" },
            "$.to" => e with { Path = "to" },
            "$.revenueTarget" => e with { Path = "target" },
            "$.averageDealSize" => e with { Path = "avgDeal" },
            _ => e,
        })];

    private static string? Text(string? value)
    {
        value = value?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static CohortMonth? Month(string? value, string name, List<ValidationError> errors)
    {
        var text = Text(value);
        if (text is null)
        {
            return null;
        }

        if (CohortMonth.TryParse(text, out var month))
        {
            return month;
        }

        errors.Add(new ValidationError(name, $"\"{text}\" is not a month (yyyy-MM)"));
        return null;
    }
}
