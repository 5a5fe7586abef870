using System.Text.Json;
using System.Text.Json.Nodes;
using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace FunnelAutomation.Api.Reps;

/// <summary>Reps: create or update (territories, capacity, out of office), list, their leads and workload, and
/// the "touched" signal that stops a lead's SLA clock.</summary>
public static class RepsApi
{
    public const int MaxRepBytes = 16 * 1024;

    public static void MapRepsApi(this IEndpointRouteBuilder api)
    {
        api.MapGet(ApiRoutes.Reps, ListAsync).RequireFunctionKey().WithName("ListReps").WithSummary("Every rep, as PUT takes it back.");
        api.MapPut(ApiRoutes.Rep, UpsertAsync).RequireFunctionKey()
            .Accepts<Rep>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithName("UpsertRep").WithSummary("Create or update a rep.");
        api.MapPatch(ApiRoutes.Rep, PatchAsync).RequireFunctionKey()
            .Accepts<Rep>("application/merge-patch+json", "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithName("PatchRep").WithSummary("Change only the fields sent (JSON merge patch: out of office, capacity, active…); null resets a field.");
        api.MapGet(ApiRoutes.RepLeads, ListLeadsAsync).RequireFunctionKey().WithName("ListRepLeads").WithSummary("The rep's leads (\"my leads\").");
        api.MapPost(ApiRoutes.RepTouchedLead, TouchedAsync).RequireFunctionKey()
            .WithName("RepTouchedLead").WithSummary("The rep worked the lead: stops its SLA clock.");
        api.MapGet(ApiRoutes.RepWorkload, WorkloadAsync).RequireFunctionKey()
            .WithName("RepWorkload").WithSummary("Per rep: open leads against capacity, team and availability.");
    }

    public static async Task<Ok<IReadOnlyList<Rep>>> ListAsync([AsParameters] RepServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        return TypedResults.Ok(await services.Reps.ListAsync(cancellationToken).ConfigureAwait(false));
    }

    public static async Task<Results<Ok<Rep>, ProblemHttpResult>> UpsertAsync(string id, HttpRequest request, [AsParameters] RepServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var (text, problem) = await ApiBodies.ReadTextAsync(request, MaxRepBytes, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var parsed = RepDocument.Parse(id, text);
        if (!parsed.IsSuccess)
        {
            return Problems.Validation(parsed.Errors);
        }

        await services.Reps.UpsertAsync(parsed.Value, cancellationToken).ConfigureAwait(false);
        services.Configuration.Invalidate();
        return TypedResults.Ok(parsed.Value);
    }

    /// <summary>A JSON merge patch (RFC 7396) of the rep as GET returns it: the fields sent replace the stored ones,
    /// a null resets one to its default, the rest stay. The result is validated as a whole, like a PUT.</summary>
    public static async Task<Results<Ok<Rep>, ProblemHttpResult>> PatchAsync(string id, HttpRequest request, [AsParameters] RepServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var (text, problem) = await ApiBodies.ReadTextAsync(request, MaxRepBytes, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        JsonObject? patch;
        try
        {
            patch = JsonNode.Parse(text!) as JsonObject;
            _ = patch?.Count; // a JsonObject builds its dictionary here: a repeated field throws now, not mid-merge
        }
        catch (JsonException ex)
        {
            return Problems.Validation("$", $"not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1})");
        }
        catch (ArgumentException)
        {
            return Problems.Validation("$", "a field is given twice; send each field once");
        }

        if (patch is null)
        {
            return Problems.Validation("$", "send a JSON object with the fields to change, e.g. {\"active\": false}");
        }

        var existing = await services.Reps.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            return Problems.NotFound($"No rep \"{id}\"; create it with PUT.");
        }

        var merged = JsonSerializer.SerializeToNode(existing, ApiJson.Options)!.AsObject();
        foreach (var (name, value) in patch)
        {
            // Field names as a client may spell them ("OutOfOfficeUntil"): one key per field, in the stored spelling.
            var key = merged.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) ?? name;
            merged.Remove(key);
            if (value is not null)
            {
                merged[key] = value.DeepClone();
            }
        }

        var parsed = RepDocument.Parse(id, merged.ToJsonString());
        if (!parsed.IsSuccess)
        {
            return Problems.Validation(parsed.Errors);
        }

        await services.Reps.UpsertAsync(parsed.Value, cancellationToken).ConfigureAwait(false);
        services.Configuration.Invalidate();
        return TypedResults.Ok(parsed.Value);
    }

    public static async Task<Results<Ok<IReadOnlyList<Lead>>, ProblemHttpResult>> ListLeadsAsync(string id, [AsParameters] RepServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        return await services.Reps.GetAsync(id, cancellationToken).ConfigureAwait(false) is null
            ? Problems.NotFound($"No rep \"{id}\".")
            : TypedResults.Ok(await services.Leads.ListByOwnerAsync(id, cancellationToken).ConfigureAwait(false));
    }

    public static async Task<Results<Accepted<RepTouchedLead>, ProblemHttpResult>> TouchedAsync(string id, string leadId, [AsParameters] RepServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var lead = await services.Leads.GetAsync(leadId, cancellationToken).ConfigureAwait(false);
        if (lead is null)
        {
            return Problems.NotFound($"No lead \"{leadId}\".");
        }

        if (lead.OwnerRepId != id)
        {
            return Problems.Forbidden($"Lead \"{leadId}\" is not owned by rep \"{id}\".");
        }

        await services.Journeys.RaiseAsync(leadId, new RepTouched(services.Time.GetUtcNow(), id), cancellationToken).ConfigureAwait(false);
        return TypedResults.Accepted((string?)null, new RepTouchedLead(leadId, id));
    }

    public static async Task<Ok<List<RepWorkload>>> WorkloadAsync([AsParameters] RepServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var now = services.Time.GetUtcNow();
        var rows = new List<RepWorkload>();
        foreach (var rep in await services.Reps.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var owned = await services.Leads.ListByOwnerAsync(rep.Id, cancellationToken).ConfigureAwait(false);
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

        return TypedResults.Ok(rows.OrderBy(r => r.Team, StringComparer.Ordinal).ThenBy(r => r.RepId, StringComparer.Ordinal).ToList());
    }
}

public sealed record RepTouchedLead(string LeadId, string RepId, string Status = "touched");

/// <summary>A rep's load: <see cref="Utilization"/> = open / capacity (null when capacity is 0).</summary>
public sealed record RepWorkload(
    string RepId,
    string Name,
    string? Team,
    int OpenLeads,
    int MaxOpenLeads,
    double? Utilization,
    bool Available,
    bool Active,
    DateTimeOffset? OutOfOfficeUntil);
