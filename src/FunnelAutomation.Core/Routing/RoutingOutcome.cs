namespace FunnelAutomation.Core.Routing;

/// <summary>Which step of the decision order settled a lead.</summary>
public enum RoutingOutcome
{
    /// <summary>The existing owner of the lead's account took it.</summary>
    AccountOwner = 0,

    /// <summary>A rep of the first matching rule's team took it.</summary>
    Rule,

    /// <summary>No rule matched, or nobody could take it: it waits in a fallback queue.</summary>
    Fallback,
}
