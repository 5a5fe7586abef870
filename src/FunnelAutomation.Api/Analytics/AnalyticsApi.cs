using System.Globalization;
using FunnelAutomation.Application;
using FunnelAutomation.Application.Analytics;
using FunnelAutomation.Core.Analytics;
using FunnelAutomation.Core.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace FunnelAutomation.Api.Analytics;

/// <summary>The manager's read side: funnel, cohorts, reverse funnel, sequence performance, and the projection
/// rebuild. Bad query values are 400 problems naming the parameter.</summary>
public static class AnalyticsApi
{
    private static readonly string AmountRange = string.Create(CultureInfo.InvariantCulture,
        $"must be greater than 0 and at most {ReverseFunnel.MaxAmount:N0} ({ReverseFunnel.MaxAmount:0})");

    public static void MapAnalyticsApi(this IEndpointRouteBuilder api)
    {
        api.MapGet(ApiRoutes.Funnel, FunnelAsync).RequireFunctionKey()
            .WithName("Funnel").WithSummary("The funnel report of a pipeline (default: Funnel:DefaultPipeline; months yyyy-MM, optional source, rep, team, grade).");
        api.MapGet(ApiRoutes.FunnelCohorts, CohortsAsync).RequireFunctionKey()
            .WithName("FunnelCohorts").WithSummary("Conversion and cycle by creation month and by source.");
        api.MapGet(ApiRoutes.FunnelReverse, ReverseAsync).RequireFunctionKey()
            .WithName("ReverseFunnel").WithSummary("Leads needed per stage to reach a revenue target.");
        api.MapPost(ApiRoutes.FunnelRebuild, RebuildAsync).RequireFunctionKey()
            .WithName("RebuildFunnel").WithSummary("Recompute the funnel projection from every stored lead.");
        api.MapGet(ApiRoutes.SequencePerformance, SequencesAsync).RequireFunctionKey()
            .WithName("SequencePerformance").WithSummary("Email counters and attributed conversions per sequence step.");
    }

    public static Task<Results<Ok<FunnelReport>, ProblemHttpResult>> FunnelAsync([AsParameters] FunnelFilter filter, [AsParameters] AnalyticsServices services, CancellationToken cancellationToken) =>
        ReportAsync(filter, services, (analytics, query) => analytics.GetFunnelAsync(query, cancellationToken));

    public static Task<Results<Ok<CohortReport>, ProblemHttpResult>> CohortsAsync([AsParameters] FunnelFilter filter, [AsParameters] AnalyticsServices services, CancellationToken cancellationToken) =>
        ReportAsync(filter, services, (analytics, query) => analytics.GetCohortsAsync(query, cancellationToken));

    /// <param name="target">The revenue target: a positive amount.</param>
    /// <param name="avgDeal">Average deal size; default: the funnel's own.</param>
    public static async Task<Results<Ok<ReverseFunnelPlan>, ProblemHttpResult>> ReverseAsync(
        [AsParameters] FunnelFilter filter, string? target, string? avgDeal, [AsParameters] AnalyticsServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var query = FunnelQueryParser.Parse(filter, services.Options.DefaultPipeline);
        var errors = query.IsSuccess ? new List<ValidationError>() : [.. query.Errors];
        var targetAmount = ParseAmount(target, "target", required: true, errors);
        var averageDeal = ParseAmount(avgDeal, "avgDeal", required: false, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        try
        {
            var plan = await services.Analytics.PlanReverseFunnelAsync(query.Value, targetAmount!.Value, averageDeal, cancellationToken).ConfigureAwait(false);
            return plan.IsSuccess
                ? TypedResults.Ok(plan.Value)
                : Problems.Validation(FunnelQueryParser.ToQueryFields(plan.Errors), "No plan can be made backwards from this target with this funnel; see errors.");
        }
        catch (InvalidInputException ex)
        {
            return Problems.Validation(FunnelQueryParser.ToQueryFields(ex.Errors));
        }
    }

    public static async Task<Ok<RebuildResult>> RebuildAsync([AsParameters] AnalyticsServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        return TypedResults.Ok(await services.Analytics.RebuildAsync(services.Leads.ListAllAsync(cancellationToken), cancellationToken).ConfigureAwait(false));
    }

    /// <param name="sequence">One sequence id; default: every sequence.</param>
    public static async Task<Ok<IReadOnlyList<SequencePerformance>>> SequencesAsync(string? sequence, [AsParameters] AnalyticsServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        return TypedResults.Ok(await services.Analytics.GetSequencePerformanceAsync(string.IsNullOrWhiteSpace(sequence) ? null : sequence, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<T>, ProblemHttpResult>> ReportAsync<T>(FunnelFilter filter, AnalyticsServices services, Func<FunnelAnalyticsService, FunnelQuery, Task<T>> report)
    {
        ArgumentNullException.ThrowIfNull(services);
        var query = FunnelQueryParser.Parse(filter, services.Options.DefaultPipeline);
        if (!query.IsSuccess)
        {
            return Problems.Validation(query.Errors);
        }

        try
        {
            return TypedResults.Ok(await report(services.Analytics, query.Value).ConfigureAwait(false));
        }
        catch (InvalidInputException ex)
        {
            return Problems.Validation(FunnelQueryParser.ToQueryFields(ex.Errors));
        }
    }

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
}
