namespace FunnelAutomation.Core.Analytics;

/// <summary>A sequence's email performance: totals over its steps, and each step.</summary>
public sealed record SequencePerformance(string SequenceId, SequenceStepCounters Totals, IReadOnlyList<SequenceStepCounters> Steps)
{
    /// <summary>Groups step counters by sequence; steps are ordered by <paramref name="stepOrder"/>
    /// (position in the sequence definition; unknown steps last) and then by id.</summary>
    public static IReadOnlyList<SequencePerformance> Build(IEnumerable<SequenceStepCounters> counters, Func<string, string, int>? stepOrder = null)
    {
        ArgumentNullException.ThrowIfNull(counters);
        return counters
            .GroupBy(c => c.SequenceId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var steps = g
                    .GroupBy(c => c.StepId, StringComparer.Ordinal)
                    .Select(s => s.Aggregate(new SequenceStepCounters(g.Key, s.Key), (a, b) => a.Plus(b)))
                    .OrderBy(s => Position(stepOrder, g.Key, s.StepId))
                    .ThenBy(s => s.StepId, StringComparer.Ordinal)
                    .ToList();
                var totals = steps.Aggregate(new SequenceStepCounters(g.Key, SequenceStepCounters.AllSteps), (a, b) => a.Plus(b));
                return new SequencePerformance(g.Key, totals, steps);
            })
            .ToList();
    }

    private static int Position(Func<string, string, int>? stepOrder, string sequenceId, string stepId)
    {
        var position = stepOrder?.Invoke(sequenceId, stepId) ?? -1;
        return position < 0 ? int.MaxValue : position;
    }
}
