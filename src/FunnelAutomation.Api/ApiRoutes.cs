namespace FunnelAutomation.Api;

/// <summary>Every route template of the API, relative to <see cref="Prefix"/>: the Host maps them under
/// <c>/api</c>, the Functions host (routePrefix "api") takes them as the triggers' <c>Route</c>. One list, so
/// the two stay the same; a test compares the Host's endpoints with the generated functions.metadata.</summary>
public static class ApiRoutes
{
    public const string Prefix = "api";

    // Ids that share a position with a literal route (leads/import, reps/workload) carry a constraint: routing
    // prefers a literal only when the method matches too, so without it GET leads/import would look up a lead
    // called "import" and PUT reps/workload would create a rep "workload". With it the literal owns its path.
    private const string LeadId = "{id:regex(^(?!import$))}";
    private const string RepId = "{id:regex(^(?!workload$))}";

    public const string Leads = "leads";
    public const string Lead = "leads/" + LeadId;
    public const string LeadImport = "leads/import";
    public const string LeadImportProgress = LeadImport + "/{importId}";
    public const string LeadImportReport = LeadImportProgress + "/report.csv";
    public const string LeadActions = Lead + "/actions";
    public const string LeadTimeline = Lead + "/timeline";

    public const string Reps = "reps";
    public const string Rep = "reps/" + RepId;
    public const string RepLeads = Rep + "/leads";
    public const string RepTouchedLead = Rep + "/leads/{leadId}/touched";
    public const string RepWorkload = "reps/workload";
    public const string RepLink = Rep + "/link";

    // A rep's own leads, opened with the signed link of their notifications instead of the function key.
    public const string MyLeads = "my/leads";
    public const string MyLeadTimeline = "my/leads/{leadId}/timeline";

    public const string ConfigKind = "config/{kind}";
    public const string ConfigValidate = "config/{kind}/validate";
    public const string SequencePreview = "config/sequence/preview";
    public const string ConfigReplay = "config/{kind}/replay";

    public const string WinModels = "models/win";
    public const string WinModelTrain = "models/win/train";
    public const string WinModelRollback = "models/win/rollback";
    public const string WinModelActivate = "models/win/{version:int}/activate";

    public const string Person = "people/{email}";
    public const string Unsubscribe = "unsubscribe";
    public const string Outbox = "outbox";
    public const string SendGridWebhook = "webhooks/sendgrid";

    public const string Funnel = "funnel";
    public const string FunnelCohorts = "funnel/cohorts";
    public const string FunnelReverse = "funnel/reverse";
    public const string FunnelRebuild = "funnel/rebuild";
    public const string SequencePerformance = "analytics/sequences";

    public const string Health = "health";

    /// <summary>The dashboard's page and files (<c>/api/dashboard/</c>, <c>/api/dashboard/app.js</c>).</summary>
    public const string Dashboard = "dashboard/{*path}";
}
