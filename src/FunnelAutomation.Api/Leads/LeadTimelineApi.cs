using FunnelAutomation.Application.Ports;
using FunnelAutomation.Application.Timeline;
using FunnelAutomation.Azure.Email;
using FunnelAutomation.Core.Leads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace FunnelAutomation.Api.Leads;

/// <summary><c>GET /api/leads/{id}/timeline</c>: everything that happened to one lead, in order.</summary>
public static class LeadTimelineApi
{
    public static void MapLeadTimelineApi(this IEndpointRouteBuilder api)
    {
        api.MapGet(ApiRoutes.LeadTimeline, GetAsync).RequireFunctionKey()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetLeadTimeline")
            .WithSummary("Everything that happened to a lead, in order: capture, score, routing, every email and its outcome, actions, stage moves, reassignments, reactivation.");
    }

    public static async Task<Results<Ok<LeadTimelineView>, ProblemHttpResult>> GetAsync(string id, [AsParameters] LeadTimelineServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var lead = await services.Leads.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (lead is null)
        {
            return Problems.NotFound($"No lead \"{id}\".");
        }

        return TypedResults.Ok(await BuildAsync(lead, services, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The timeline of a lead already read (the keyed route, and a rep's own leads).</summary>
    public static async Task<LeadTimelineView> BuildAsync(Lead lead, LeadTimelineServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(services);
        var actions = await services.Actions.ListAsync(lead.Id, cancellationToken).ConfigureAwait(false);
        var sent = await services.Emails.ListForLeadAsync(lead.Id, cancellationToken).ConfigureAwait(false);
        var events = await services.Events.ListAsync(lead.Id, cancellationToken).ConfigureAwait(false);
        var emails = sent
            .Select(e => new TimelineEmail(e.StepKey, e.Subject, e.SentAt,
                ToLead: string.Equals(e.To, lead.Profile.Email, StringComparison.OrdinalIgnoreCase),
                Unconfirmed: e.Channel == SendGridEmailSender.UnconfirmedChannel))
            .ToList();
        return new LeadTimelineView(lead.Id, lead.OwnerRepId, lead.Stage, LeadTimeline.Build(lead, actions, emails, events));
    }
}

/// <summary>What the timeline route answers: the lead (by id, owner and stage only) and its entries, oldest first.</summary>
public sealed record LeadTimelineView(string LeadId, string? Owner, string? Stage, IReadOnlyList<LeadTimelineEntry> Entries);

/// <summary>What the timeline route reads ([AsParameters] on the Host; resolved from DI by the Functions trigger).</summary>
public sealed record LeadTimelineServices(ILeadStore Leads, IActionStore Actions, ISentEmailLog Emails, ILeadEventLog Events);
