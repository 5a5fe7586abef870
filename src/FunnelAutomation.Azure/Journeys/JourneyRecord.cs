using FunnelAutomation.Core.Journeys;

namespace FunnelAutomation.Azure.Journeys;

/// <summary>The journey row: the decider's state plus the commands of the last decision not yet carried
/// out. They are written in the same row as the state (an outbox), so a crash between deciding and
/// acting loses nothing: the next event for the lead runs them first.</summary>
public sealed record JourneyRecord(JourneyState State, IReadOnlyList<JourneyCommand> Pending);
