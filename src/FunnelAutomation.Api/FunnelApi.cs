using FunnelAutomation.Api.Analytics;
using FunnelAutomation.Api.Configuration;
using FunnelAutomation.Api.Dashboard;
using FunnelAutomation.Api.Email;
using FunnelAutomation.Api.Health;
using FunnelAutomation.Api.Leads;
using FunnelAutomation.Api.Learning;
using FunnelAutomation.Api.Privacy;
using FunnelAutomation.Api.Reps;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelAutomation.Api;

/// <summary>The whole HTTP API: what both hosts register (<see cref="AddFunnelApi"/>) and what the local Host
/// mounts (<see cref="MapFunnelApi"/>). The Functions app mounts the same handlers from its HTTP triggers.</summary>
public static class FunnelApi
{
    /// <param name="optionsSection">Where <see cref="ApiOptions"/> are read from ("Host" locally, "Api" in Azure).</param>
    public static IServiceCollection AddFunnelApi(this IServiceCollection services, string optionsSection)
    {
        services.AddOptions<ApiOptions>()
            .BindConfiguration(optionsSection)
            .Validate(o => o.MaxLeadBodyBytes > 0 && o.MaxImportBytes > 0, "MaxLeadBodyBytes and MaxImportBytes must be positive")
            .Validate(o => !string.IsNullOrEmpty(o.FunctionKey), "FunctionKey must be set")
            .ValidateOnStart();
        services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        services.AddProblemDetails();

        // The handlers' dependency records, for the Functions triggers (the Host binds them with [AsParameters]).
        services.AddTransient<LeadServices>();
        services.AddTransient<LeadTimelineServices>();
        services.AddTransient<LeadImportServices>();
        services.AddTransient<HealthServices>();
        services.AddTransient<RepServices>();
        services.AddTransient<MyLeadsServices>();
        services.AddTransient<AnalyticsServices>();
        return services;
    }

    public static RouteGroupBuilder MapFunnelApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/" + ApiRoutes.Prefix)
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(ProblemDetails), ["application/problem+json"]));
        api.MapLeadsApi();
        api.MapLeadImportApi();
        api.MapLeadTimelineApi();
        api.MapRepsApi();
        api.MapMyLeadsApi();
        api.MapConfigApi();
        api.MapSequencePreviewApi();
        api.MapReplayApi();
        api.MapWinModelApi();
        api.MapPrivacyApi();
        api.MapWebhookApi();
        api.MapAnalyticsApi();
        api.MapDashboardApi();
        api.MapHealthApi();
        return api;
    }
}
