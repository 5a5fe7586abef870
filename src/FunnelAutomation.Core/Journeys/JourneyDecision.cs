namespace FunnelAutomation.Core.Journeys;

/// <summary>The decider's answer: the new state and the commands to carry out, in order.</summary>
public sealed record JourneyDecision(JourneyState State, IReadOnlyList<JourneyCommand> Commands);
