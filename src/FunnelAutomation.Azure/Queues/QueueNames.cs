namespace FunnelAutomation.Azure.Queues;

/// <summary>Logical queue names (see <see cref="Storage.StorageNames.Queue"/> for the physical, prefixed name).</summary>
public static class QueueNames
{
    /// <summary>Leads dropped by other systems (imports, trade-show scanners) and by the HTTP intake.</summary>
    public const string LeadsIntake = "leads-intake";

    /// <summary>Customer actions (email events, page visits, meetings) from webhooks and other systems.</summary>
    public const string CustomerActions = "customer-actions";

    // Journeys have no queues of ours: their events and timers are the Durable Task engine's (its task hub).
    public static IReadOnlyList<string> All { get; } = [LeadsIntake, CustomerActions];

    /// <summary>Where messages that cannot be processed go, as Azure Functions names it.</summary>
    public static string Poison(string queueName) => queueName + "-poison";
}
