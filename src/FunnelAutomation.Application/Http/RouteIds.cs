namespace FunnelAutomation.Application.Http;

/// <summary>Route segments for ids that share a position with a literal route (<c>leads/import</c>,
/// <c>reps/workload</c>). Routing prefers a literal only when the method matches too, so without the
/// constraint <c>GET leads/import</c> would look up a lead called "import" and <c>PUT reps/workload</c>
/// would create a rep "workload". With it the literal owns its path, and other methods get 405.
/// Both launchers use these, so their routes stay the same.</summary>
public static class RouteIds
{
    /// <summary>A lead id: anything but <c>import</c>.</summary>
    public const string Lead = "{id:regex(^(?!import$))}";

    /// <summary>A rep id: anything but <c>workload</c>.</summary>
    public const string Rep = "{id:regex(^(?!workload$))}";
}
