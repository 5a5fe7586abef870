namespace FunnelAutomation.Core.Analytics;

/// <summary>A sequence's email performance: totals over its steps, each step (summed over its variants), and,
/// for each A/B-tested step, its variants side by side with the switch to a winner if one was made.</summary>
public sealed record SequencePerformance(
    string SequenceId,
    SequenceStepCounters Totals,
    IReadOnlyList<SequenceStepCounters> Steps,
    IReadOnlyList<StepVariants> Variants)
{
    /// <summary>Groups step counters by sequence; steps are ordered by <paramref name="stepOrder"/>
    /// (position in the sequence definition; unknown steps last) and then by id. A step's variants come in the
    /// order <paramref name="variantOrder"/> gives (the definition's; variants not sent yet get zero counters),
    /// then any other counted variant by id.</summary>
    public static IReadOnlyList<SequencePerformance> Build(
        IEnumerable<SequenceStepCounters> counters,
        Func<string, string, int>? stepOrder = null,
        Func<string, string, IReadOnlyList<string>>? variantOrder = null,
        IEnumerable<VariantSwitch>? switches = null)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var switched = (switches ?? []).ToDictionary(s => (s.SequenceId, s.StepId));
        return counters
            .GroupBy(c => c.SequenceId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var byStep = g
                    .GroupBy(c => c.StepId, StringComparer.Ordinal)
                    .OrderBy(s => Position(stepOrder, g.Key, s.Key))
                    .ThenBy(s => s.Key, StringComparer.Ordinal)
                    .ToList();
                var steps = byStep.Select(s => Sum(new SequenceStepCounters(g.Key, s.Key), s)).ToList();
                var totals = Sum(new SequenceStepCounters(g.Key, SequenceStepCounters.AllSteps), steps);
                var variants = byStep
                    .Select(s => VariantsOf(g.Key, s.Key, s.ToList(), variantOrder, switched.GetValueOrDefault((g.Key, s.Key))))
                    .OfType<StepVariants>()
                    .ToList();
                return new SequencePerformance(g.Key, totals, steps, variants);
            })
            .ToList();
    }

    private static StepVariants? VariantsOf(
        string sequenceId,
        string stepId,
        IReadOnlyList<SequenceStepCounters> rows,
        Func<string, string, IReadOnlyList<string>>? variantOrder,
        VariantSwitch? switched)
    {
        var declared = variantOrder?.Invoke(sequenceId, stepId) ?? [];
        var counted = rows.Where(r => r.VariantId is not null).Select(r => r.VariantId!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var ids = declared.Concat(counted.Where(id => !declared.Contains(id, StringComparer.Ordinal))).ToList();
        if (ids.Count == 0)
        {
            return null;
        }

        var variants = ids
            .Select(id => Sum(new SequenceStepCounters(sequenceId, stepId) { VariantId = id }, rows.Where(r => r.VariantId == id)))
            .ToList();
        return new StepVariants(stepId, variants, switched);
    }

    private static SequenceStepCounters Sum(SequenceStepCounters seed, IEnumerable<SequenceStepCounters> rows) =>
        rows.Aggregate(seed, (a, b) => a.Plus(b));

    private static int Position(Func<string, string, int>? stepOrder, string sequenceId, string stepId)
    {
        var position = stepOrder?.Invoke(sequenceId, stepId) ?? -1;
        return position < 0 ? int.MaxValue : position;
    }
}

/// <summary>An A/B-tested step: each variant's counters, and the switch to a winner (null while the test runs).</summary>
public sealed record StepVariants(string StepId, IReadOnlyList<SequenceStepCounters> Variants, VariantSwitch? Winner);
