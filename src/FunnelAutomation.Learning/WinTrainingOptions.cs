namespace FunnelAutomation.Learning;

/// <summary>How a win model is fitted. Defaults suit a few thousand to a few hundred thousand closed leads.</summary>
public sealed record WinTrainingOptions
{
    public int Trees { get; init; } = 100;

    public int Leaves { get; init; } = 8;

    public int MinimumLeadsPerLeaf { get; init; } = 40;

    public double LearningRate { get; init; } = 0.1;

    /// <summary>Share of closed leads held out for evaluation (never trained on).</summary>
    public double HeldOutFraction { get; init; } = 0.2;

    /// <summary>Seeds the split and ML.NET, so the same history trains the same model.</summary>
    public int Seed { get; init; } = 17;

    /// <summary>Training threads; null lets ML.NET choose.</summary>
    public int? Threads { get; init; }
}
