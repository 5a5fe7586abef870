namespace FunnelAutomation.Journeys;

/// <summary>Names shared by the orchestrator, its activities, both hosts' registrations and the runner.</summary>
public static class JourneyNames
{
    public const string Orchestrator = "LeadJourney";

    /// <summary>Decides one input and carries out its commands and follow-ups: one activity call, so one episode
    /// beyond the orchestration's own, per input (see <see cref="JourneyTurnLoop"/>).</summary>
    public const string DecideActivity = "DecideJourneyInput";

    public const string InputEvent = "journey-input";

    /// <summary>One orchestration per lead, so starting twice or signalling needs no lookup.</summary>
    public static string InstanceId(string leadId) => InstancePrefix + leadId;

    /// <summary>The lead of a journey instance; null for an instance id that is not a journey's.</summary>
    public static string? LeadId(string instanceId) =>
        instanceId is not null && instanceId.StartsWith(InstancePrefix, StringComparison.Ordinal) && instanceId.Length > InstancePrefix.Length
            ? instanceId[InstancePrefix.Length..]
            : null;

    public const string InstancePrefix = "journey-";
}
