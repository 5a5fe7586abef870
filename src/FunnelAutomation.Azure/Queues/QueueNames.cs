namespace FunnelAutomation.Azure.Queues;

/// <summary>Logical queue names (see <see cref="Storage.StorageNames.Queue"/> for the physical, prefixed name).</summary>
public static class QueueNames
{
    /// <summary>Leads dropped by other systems (imports, trade-show scanners) and by the HTTP intake.</summary>
    public const string LeadsIntake = "leads-intake";

    /// <summary>Customer actions (email events, page visits, meetings) from webhooks and other systems.</summary>
    public const string CustomerActions = "customer-actions";

    /// <summary>Batches of imported rows (many rows per message), processed through intake like leads-intake.</summary>
    public const string LeadsImport = "leads-import";

    // Journeys have no queues of ours: their events and timers are the Durable Task engine's (its task hub).
    public static IReadOnlyList<string> All { get; } = [LeadsIntake, CustomerActions, LeadsImport];

    /// <summary>Where messages that cannot be processed go, as Azure Functions names it.</summary>
    public static string Poison(string queueName) => queueName + "-poison";
}
