namespace FunnelAutomation.Functions.Journeys;

/// <summary>Names shared by the orchestrator, its activities and the runner that starts and signals it.</summary>
public static class JourneyNames
{
    public const string Orchestrator = "LeadJourney";

    public const string ExecuteCommandActivity = "ExecuteJourneyCommand";

    public const string LoadContextActivity = "LoadJourneyContext";

    public const string InputEvent = "journey-input";

    /// <summary>One orchestration per lead, so starting twice or signalling needs no lookup.</summary>
    public static string InstanceId(string leadId) => "journey-" + leadId;
}
