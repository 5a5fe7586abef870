using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Replay;

namespace FunnelAutomation.Application.Replay;

/// <summary>What-if replay of a configuration change: validates the candidate document (never stores or activates
/// it), reads the stored history through the ports a page of leads at a time, streams it into Core's
/// <see cref="WhatIfReplay"/> and returns its report. Reads only: nothing is written to live state.</summary>
public sealed class WhatIfReplayService(ConfigurationService configuration, ILeadStore leads, IActionStore actions, TimeProvider time)
{
    /// <summary>Leads whose action logs are read at once.</summary>
    public const int PageSize = 64;

    /// <returns>The report, or errors by JSON path of the request (<c>$.document…</c>, <c>$.to</c>, <c>kind</c>).</returns>
    public async Task<Result<WhatIfReport>> ReplayAsync(WhatIfReplayRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ConfigurationService.IsKnownKind(request.Kind))
        {
            return Result<WhatIfReport>.Failure("kind", $"unknown kind \"{request.Kind}\"; use one of {string.Join(", ", ConfigurationService.Kinds)}");
        }

        var errors = new List<ValidationError>();
        var candidate = await configuration.WithCandidateAsync(request.Kind, request.DocumentJson, cancellationToken).ConfigureAwait(false);
        if (!candidate.IsSuccess)
        {
            errors.AddRange(candidate.Errors.Select(e => new ValidationError("$.document" + e.Path.TrimStart('$'), e.Reason)));
        }

        var to = request.To ?? time.GetUtcNow();
        var from = request.From ?? DateTimeOffset.MinValue;
        if (to < from)
        {
            errors.Add(new ValidationError("$.to", "must not be before from"));
        }

        if (errors.Count > 0)
        {
            return Result<WhatIfReport>.Failure(errors);
        }

        var active = await configuration.GetAsync(cancellationToken).ConfigureAwait(false);
        var replay = new WhatIfReplay(ForReplay(active), ForReplay(candidate.Value), from, to);
        var page = new List<Lead>(PageSize);
        await foreach (var lead in leads.ListAllAsync(cancellationToken).ConfigureAwait(false))
        {
            page.Add(lead);
            if (page.Count == PageSize)
            {
                await AddPageAsync(replay, page, cancellationToken).ConfigureAwait(false);
            }
        }

        await AddPageAsync(replay, page, cancellationToken).ConfigureAwait(false);
        return Result<WhatIfReport>.Success(replay.Run());
    }

    private async Task AddPageAsync(WhatIfReplay replay, List<Lead> page, CancellationToken cancellationToken)
    {
        var logs = await Task.WhenAll(page.Select(l => actions.ListAsync(l.Id, cancellationToken))).ConfigureAwait(false);
        for (var i = 0; i < page.Count; i++)
        {
            replay.Add(new LeadHistory(page[i], logs[i]));
        }

        page.Clear();
    }

    private static ReplayConfiguration ForReplay(FunnelConfiguration config) =>
        new(config.Pipelines, config.DefaultPipelineId, config.Scorer, config.Router, config.Sequences, config.JourneySettings);
}

/// <param name="Kind">pipeline, scoring, routing or sequence.</param>
/// <param name="DocumentJson">The changed document as sent (not activated).</param>
/// <param name="From">Leads that arrived from then on (default: all).</param>
/// <param name="To">Up to then (default: now): later leads and actions are left out, timers run up to it.</param>
public sealed record WhatIfReplayRequest(string Kind, string DocumentJson, DateTimeOffset? From, DateTimeOffset? To);
