namespace FunnelAutomation.Journeys;

/// <summary>Names shared by the orchestrator, its activities, both hosts' registrations and the runner.</summary>
public static class JourneyNames
{
    public const string Orchestrator = "LeadJourney";

    /// <summary>Carries out all the commands of one decision (one activity call, so one episode, per decision).</summary>
    public const string ExecuteDecisionActivity = "ExecuteJourneyDecision";

    public const string LoadContextActivity = "LoadJourneyContext";

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
