using FunnelAutomation.Application.Replay;
using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Replay;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace FunnelAutomation.Api.Configuration;

/// <summary>What-if replay: what a changed document of a kind would have done to the stored history, beside what
/// the active configuration does with it. The body is <c>{ "document": {…}, "from": "…", "to": "…" }</c>; the
/// document is validated, never stored or activated, and nothing is written.</summary>
public static class ReplayApi
{
    private static readonly string[] Known = ["document", "from", "to"];

    public static void MapReplayApi(this IEndpointRouteBuilder api)
    {
        api.MapPost(ApiRoutes.ConfigReplay, ReplayAsync).RequireFunctionKey()
            .Accepts<object>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithName("ReplayConfiguration")
            .WithSummary("What-if replay of a changed pipeline, scoring, routing or sequence document over the stored history (leads that arrived between from and to, default all up to now): grades and owners changed (with the lead ids), rep loads, emails that would and would not be sent, stage counts and conversion, baseline (active configuration) beside candidate, and how the baseline compares with live state. Nothing is stored.");
    }

    public static async Task<Results<Ok<WhatIfReport>, ProblemHttpResult>> ReplayAsync(
        string kind, HttpRequest request, WhatIfReplayService replay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replay);
        var (text, problem) = await ApiBodies.ReadTextAsync(request, ConfigApi.MaxDocumentBytes, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var parsed = Parse(kind, text!);
        if (!parsed.IsSuccess)
        {
            return Problems.Validation(parsed.Errors, "The replay request is invalid; nothing was stored.");
        }

        var result = await replay.ReplayAsync(parsed.Value, cancellationToken).ConfigureAwait(false);
        return result.IsSuccess
            ? TypedResults.Ok(result.Value)
            : Problems.Validation(result.Errors, "Nothing to replay: see errors (nothing was stored).");
    }

    /// <summary>The request body as a <see cref="WhatIfReplayRequest"/>, or every error by JSON path.</summary>
    public static Result<WhatIfReplayRequest> Parse(string kind, string json) =>
        RequestObject.Parse(json, Known, "with the changed document under \"document\"", (root, errors) => new WhatIfReplayRequest(
            kind,
            RequestObject.Document(root, "document", $"the changed {kind} document", errors)!,
            RequestObject.Instant(root, "from", errors),
            RequestObject.Instant(root, "to", errors)));
}
