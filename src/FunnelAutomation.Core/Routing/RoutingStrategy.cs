namespace FunnelAutomation.Core.Routing;

/// <summary>How a team shares the leads its rules send it.</summary>
public enum RoutingStrategy
{
    /// <summary>Each rep in turn, in roster order: with everyone available, counts never differ by more than one.</summary>
    RoundRobin = 0,

    /// <summary>Smooth weighted round robin by <see cref="Rep.Weight"/>: shares proportional to weights, interleaved
    /// (weights 3:1 give A A B A, not A A A B).</summary>
    Weighted,

    /// <summary>The rep with the fewest open leads; a tie goes to whoever's round-robin turn comes first.</summary>
    LeastLoaded,
}
