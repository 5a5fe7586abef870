namespace FunnelAutomation.Application.Leads;

public enum IntakeOutcome
{
    /// <summary>A new lead was created, scored, routed and its journey started.</summary>
    Created = 0,

    /// <summary>The person was known: the lead was updated and re-scored.</summary>
    Updated,

    /// <summary>This submission was already processed (redelivery): nothing changed.</summary>
    Duplicate,
}
