using FunnelAutomation.Api.Leads;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Application.Reps;
using FunnelAutomation.Core.Leads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace FunnelAutomation.Api.Reps;

/// <summary>A rep's own view: the leads they own and each one's timeline, opened with the signed link their
/// notifications carry (<see cref="RepLinks"/>), not with the function key. A lead the rep does not own answers
/// 404, as if it did not exist, so a link tells nothing about anyone else's leads.</summary>
public static class MyLeadsApi
{
    /// <summary>The header the rep page sends the token in (a link carries it as the <c>token</c> query).</summary>
    public const string TokenHeader = "x-rep-token";

    public static void MapMyLeadsApi(this IEndpointRouteBuilder api)
    {
        api.MapPost(ApiRoutes.RepLink, CreateLinkAsync).RequireFunctionKey()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("CreateRepLink").WithSummary("A signed link to the rep's own leads and their timelines, valid for Funnel:RepLinkLifetime (30 days).");
        api.MapGet(ApiRoutes.MyLeads, ListAsync).AllowAnyCaller()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithName("ListMyLeads").WithSummary("The leads of the rep the token (x-rep-token header or token query) was made for.");
        api.MapGet(ApiRoutes.MyLeadTimeline, TimelineAsync).AllowAnyCaller()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetMyLeadTimeline").WithSummary("The timeline of one of the token's rep's own leads.");
    }

    public static async Task<Results<Ok<RepLink>, ProblemHttpResult>> CreateLinkAsync(string id, [AsParameters] MyLeadsServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        return await services.Reps.GetAsync(id, cancellationToken).ConfigureAwait(false) is null
            ? Problems.NotFound($"No rep \"{id}\".")
            : TypedResults.Ok(services.Links.Create(id, services.Time.GetUtcNow()));
    }

    public static async Task<Results<Ok<MyLeads>, ProblemHttpResult>> ListAsync(HttpRequest request, [AsParameters] MyLeadsServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var (repId, refused) = ReadToken(request, services);
        if (refused is not null)
        {
            return refused;
        }

        var rep = await services.Reps.GetAsync(repId!, cancellationToken).ConfigureAwait(false);
        var leads = await services.Leads.ListByOwnerAsync(repId!, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new MyLeads(repId!, rep?.Name, leads));
    }

    public static async Task<Results<Ok<LeadTimelineView>, ProblemHttpResult>> TimelineAsync(string leadId, HttpRequest request, [AsParameters] MyLeadsServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var (repId, refused) = ReadToken(request, services);
        if (refused is not null)
        {
            return refused;
        }

        var lead = await services.Leads.GetAsync(leadId, cancellationToken).ConfigureAwait(false);
        if (lead is null || lead.OwnerRepId != repId)
        {
            return Problems.NotFound($"No lead \"{leadId}\" among your leads.");
        }

        return TypedResults.Ok(await LeadTimelineApi.BuildAsync(lead, services.Timeline, cancellationToken).ConfigureAwait(false));
    }

    private static (string? RepId, ProblemHttpResult? Refused) ReadToken(HttpRequest request, MyLeadsServices services)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = request.Headers[TokenHeader].FirstOrDefault() ?? request.Query["token"].FirstOrDefault();
        if (string.IsNullOrEmpty(token))
        {
            return (null, Problems.Unauthorized($"Open the link from your notification email, or send its token in the {TokenHeader} header."));
        }

        var (repId, error) = services.Links.Read(token, services.Time.GetUtcNow());
        return repId is null ? (null, Problems.BadSignature($"The rep link was refused: {error}.")) : (repId, null);
    }
}

/// <summary>A rep's own leads, as the rep page shows them.</summary>
public sealed record MyLeads(string RepId, string? Name, IReadOnlyList<Lead> Leads);

/// <summary>What the rep's own routes use ([AsParameters] on the Host; resolved from DI by the Functions triggers).</summary>
public sealed record MyLeadsServices(RepLinks Links, IRepStore Reps, ILeadStore Leads, LeadTimelineServices Timeline, TimeProvider Time);
