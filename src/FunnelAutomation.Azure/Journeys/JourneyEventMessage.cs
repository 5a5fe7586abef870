using FunnelAutomation.Core.Journeys;

namespace FunnelAutomation.Azure.Journeys;

/// <summary>What travels on <c>journey-events</c>: an input for a lead's journey, or (Input null) a timer
/// that came due, turned into <see cref="TimerFired"/> at the time it is processed.</summary>
public sealed record JourneyEventMessage(string LeadId, JourneyInput? Input)
{
    public const string MessageType = "journey-input";
}
