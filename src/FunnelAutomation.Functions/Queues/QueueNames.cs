namespace FunnelAutomation.Functions.Queues;

/// <summary>The Storage queues this app listens on (same names as the local Host's listeners).</summary>
public static class QueueNames
{
    public const string LeadsIntake = "leads-intake";

    public const string CustomerActions = "customer-actions";
}
