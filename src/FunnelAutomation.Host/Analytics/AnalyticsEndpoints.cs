using System.Globalization;
using FunnelAutomation.Application;
using FunnelAutomation.Application.Analytics;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Analytics;
using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Scoring;
using FunnelAutomation.Host.Infrastructure;

namespace FunnelAutomation.Host.Analytics;

/// <summary>The manager's read side: funnel, cohorts, reverse funnel, sequence performance, rep workload,
/// and the projection rebuild. All function-key protected; bad query values are 400 problems naming the field.</summary>
internal static class AnalyticsEndpoints
{
    public static void MapAnalyticsEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter<FunctionKeyFilter>();
        api.MapGet("/funnel", FunnelAsync).WithSummary("The funnel report of a pipeline (default: Funnel:DefaultPipeline; months yyyy-MM, optional source, rep, team, grade).");
        api.MapGet("/funnel/cohorts", CohortsAsync).WithSummary("Conversion and cycle by creation month and by source.");
        api.MapGet("/funnel/reverse", ReverseAsync).WithSummary("Leads needed per stage to reach a revenue target.");
        api.MapPost("/funnel/rebuild", RebuildAsync).WithSummary("Recompute the funnel projection from every stored lead.");
        api.MapGet("/analytics/sequences", SequencesAsync).WithSummary("Email counters and attributed conversions per sequence step.");
        api.MapGet("/reps/workload", WorkloadAsync).WithSummary("Per rep: open leads against capacity, team and availability.");
    }

    private static async Task<IResult> FunnelAsync(HttpRequest request, FunnelAnalyticsService analytics, FunnelOptions options, CancellationToken cancellationToken)
    {
        var query = FunnelQueryParser.Parse(request.Query, options.DefaultPipeline);
        if (!query.IsSuccess)
        {
            return Problems.Validation(query.Errors);
        }

        try
        {
            return AnalyticsJson.Ok(await analytics.GetFunnelAsync(query.Value, cancellationToken).ConfigureAwait(false));
        }
        catch (InvalidInputException ex)
        {
            return Problems.Validation(FunnelQueryParser.ToQueryFields(ex.Errors));
        }
    }

    private static async Task<IResult> CohortsAsync(HttpRequest request, FunnelAnalyticsService analytics, FunnelOptions options, CancellationToken cancellationToken)
    {
        var query = FunnelQueryParser.Parse(request.Query, options.DefaultPipeline);
        if (!query.IsSuccess)
        {
            return Problems.Validation(query.Errors);
        }

        try
        {
            return AnalyticsJson.Ok(await analytics.GetCohortsAsync(query.Value, cancellationToken).ConfigureAwait(false));
        }
        catch (InvalidInputException ex)
        {
            return Problems.Validation(FunnelQueryParser.ToQueryFields(ex.Errors));
        }
    }

    private static async Task<IResult> ReverseAsync(HttpRequest request, FunnelAnalyticsService analytics, FunnelOptions options, CancellationToken cancellationToken)
    {
        var query = FunnelQueryParser.Parse(request.Query, options.DefaultPipeline);
        var errors = query.IsSuccess ? new List<ValidationError>() : [.. query.Errors];
        var target = ParseAmount(request.Query["target"].FirstOrDefault(), "target", required: true, errors);
        var averageDeal = ParseAmount(request.Query["avgDeal"].FirstOrDefault(), "avgDeal", required: false, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        try
        {
            var plan = await analytics.PlanReverseFunnelAsync(query.Value, target!.Value, averageDeal, cancellationToken).ConfigureAwait(false);
            return plan.IsSuccess
                ? AnalyticsJson.Ok(plan.Value)
                : Problems.Validation(FunnelQueryParser.ToQueryFields(plan.Errors), "No plan can be made backwards from this target with this funnel; see errors.");
        }
        catch (InvalidInputException ex)
        {
            return Problems.Validation(FunnelQueryParser.ToQueryFields(ex.Errors));
        }
    }

    private static async Task<IResult> RebuildAsync(FunnelAnalyticsService analytics, ILeadStore leads, CancellationToken cancellationToken) =>
        AnalyticsJson.Ok(await analytics.RebuildAsync(leads.ListAllAsync(cancellationToken), cancellationToken).ConfigureAwait(false));

    private static async Task<IResult> SequencesAsync(string? sequence, FunnelAnalyticsService analytics, CancellationToken cancellationToken) =>
        AnalyticsJson.Ok(await analytics.GetSequencePerformanceAsync(string.IsNullOrWhiteSpace(sequence) ? null : sequence, cancellationToken).ConfigureAwait(false));

    private static async Task<IResult> WorkloadAsync(IRepStore reps, ILeadStore leads, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rows = new List<RepWorkload>();
        foreach (var rep in await reps.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var owned = await leads.ListByOwnerAsync(rep.Id, cancellationToken).ConfigureAwait(false);
            var open = owned.Count(l => l.Status == LeadStatus.Open);
            rows.Add(new RepWorkload(
                rep.Id,
                rep.Name,
                rep.Team,
                open,
                rep.MaxOpenLeads,
                rep.MaxOpenLeads > 0 ? (double)open / rep.MaxOpenLeads : null,
                rep.IsAvailableAt(now),
                rep.Active,
                rep.OutOfOfficeUntil));
        }

        return AnalyticsJson.Ok(rows.OrderBy(r => r.Team, StringComparer.Ordinal).ThenBy(r => r.RepId, StringComparer.Ordinal).ToList());
    }

    private static readonly string AmountRange = string.Create(CultureInfo.InvariantCulture,
        $"must be greater than 0 and at most {ReverseFunnel.MaxAmount:N0} ({ReverseFunnel.MaxAmount:0})");

    private static decimal? ParseAmount(string? text, string field, bool required, List<ValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors.Add(new ValidationError(field, "required: a positive amount"));
            }

            return null;
        }

        if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            // A number too long for a decimal still reads as a double: it is out of range, not malformed.
            errors.Add(double.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out _)
                ? new ValidationError(field, AmountRange)
                : new ValidationError(field, $"\"{text}\" is not a number (use digits and an optional '.' for decimals)"));
            return null;
        }

        if (value <= 0 || value > ReverseFunnel.MaxAmount)
        {
            errors.Add(new ValidationError(field, AmountRange));
            return null;
        }

        return value;
    }

    /// <summary>A rep's load: <see cref="Utilization"/> = open / capacity (null when capacity is 0).</summary>
    internal sealed record RepWorkload(
        string RepId,
        string Name,
        string? Team,
        int OpenLeads,
        int MaxOpenLeads,
        double? Utilization,
        bool Available,
        bool Active,
        DateTimeOffset? OutOfOfficeUntil);
}
