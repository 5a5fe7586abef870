using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Core.Journeys;

/// <summary>What a journey that has just begun may have missed. An input raised to a journey whose start has not
/// run yet can be dropped by the engine: after a crash the start message stays hidden for the queue's visibility
/// timeout, and an event that arrives for an instance without history meanwhile is discarded. Every customer
/// action is logged before it is raised, so the journey's first step reads the log and decides the actions it
/// finds from its start on, and the lead's current score when it moved; an action delivered as an event as well
/// is decided once (the journey remembers action ids).</summary>
public static class JourneyCatchUp
{
    /// <summary>At most this many actions are caught up (the newest): a start is seconds or minutes old.</summary>
    public const int MaxActions = 16;

    /// <summary>An action the journey may have missed: one that occurred from its start on.</summary>
    public static bool Follows(JourneyStarted started, CustomerAction action)
    {
        ArgumentNullException.ThrowIfNull(started);
        ArgumentNullException.ThrowIfNull(action);
        return action.OccurredAt >= started.At;
    }

    /// <param name="started">The start the journey begins with; actions that occurred before it are already in the
    /// lead's facts it was built from (a restart) or cannot belong to it (a new lead has none).</param>
    /// <param name="recorded">The lead's action log, in any order.</param>
    /// <param name="current">The lead's score now.</param>
    public static IReadOnlyList<JourneyInput> Missed(JourneyStarted started, IEnumerable<CustomerAction> recorded, LeadScore? current)
    {
        ArgumentNullException.ThrowIfNull(started);
        ArgumentNullException.ThrowIfNull(recorded);
        var missed = new List<JourneyInput>();
        var actions = recorded
            .Where(a => Follows(started, a))
            .OrderBy(a => a.OccurredAt)
            .ThenBy(a => a.Id, StringComparer.Ordinal)
            .ToList();
        if (actions.Count == 0)
        {
            return missed;
        }

        // As the action service raises them: the rescore the actions caused, then the actions.
        var last = actions[^1].OccurredAt;
        if (current is { } score && (score.Total != started.Score || score.Grade != started.Grade))
        {
            missed.Add(new LeadRescored(last, score.Total, score.Grade));
        }

        missed.AddRange(actions.TakeLast(MaxActions).Select(a => new CustomerActed(a.OccurredAt, a)));
        return missed;
    }
}
