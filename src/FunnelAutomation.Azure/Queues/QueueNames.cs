namespace FunnelAutomation.Azure.Queues;

/// <summary>Logical queue names (see <see cref="Storage.StorageNames.Queue"/> for the physical, prefixed name).</summary>
public static class QueueNames
{
    /// <summary>Leads dropped by other systems (imports, trade-show scanners) and by the HTTP intake.</summary>
    public const string LeadsIntake = "leads-intake";

    /// <summary>Customer actions (email events, page visits, meetings) from webhooks and other systems.</summary>
    public const string CustomerActions = "customer-actions";

    /// <summary>Local workflow runner: events delivered to a lead's journey.</summary>
    public const string JourneyEvents = "journey-events";

    /// <summary>Local workflow runner: timers, as messages that stay invisible until they are due.</summary>
    public const string JourneyTimers = "journey-timers";

    public static IReadOnlyList<string> All { get; } = [LeadsIntake, CustomerActions, JourneyEvents, JourneyTimers];

    /// <summary>Where messages that cannot be processed go, as Azure Functions names it.</summary>
    public static string Poison(string queueName) => queueName + "-poison";
}
