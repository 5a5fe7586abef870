using FunnelAutomation.Core.Pipeline;

namespace FunnelAutomation.Core.Analytics;

/// <summary>Builds reports from aggregated buckets and open-lead rows only: the cost grows with the number
/// of buckets (pipeline × month × source × owner × team × grade combinations) and open leads, never
/// with the number of leads ever seen.</summary>
public static class FunnelReportBuilder
{
    public static FunnelReport Build(
        PipelineDefinition pipeline,
        IEnumerable<FunnelBucket> buckets,
        IEnumerable<OpenLeadRow> openLeads,
        FunnelQuery query,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(buckets);
        ArgumentNullException.ThrowIfNull(openLeads);
        ArgumentNullException.ThrowIfNull(query);
        var total = Sum(buckets, query);

        var stages = pipeline.Stages;
        var open = new long[stages.Count];
        var openValue = new decimal[stages.Count];
        var weighted = new decimal[stages.Count];
        var stalledCount = new int[stages.Count];
        var limit = Math.Max(0, query.StalledLimit);
        // Top-k by how far over the norm (a bounded heap): a million open leads never get sorted whole.
        var stalled = new PriorityQueue<StalledLead, StalledLead>(LeastOverdueFirst.Instance);
        foreach (var row in openLeads)
        {
            if (!query.Matches(row.Bucket))
            {
                continue;
            }

            var index = pipeline.IndexOf(row.Stage);
            if (index < 0)
            {
                continue; // a stage removed from the pipeline: nothing to weigh it by
            }

            var stage = stages[index];
            var amount = row.Amount ?? 0m;
            open[index]++;
            openValue[index] += amount;
            weighted[index] += amount * stage.Probability;
            var days = (now - row.StageEnteredAt).TotalDays;
            if (stage.NormDays is { } norm && days > norm)
            {
                stalledCount[index]++;
                if (limit == 0)
                {
                    continue;
                }

                var lead = new StalledLead(row.LeadId, row.Bucket.OwnerRepId, stage.Id, days, norm, row.Amount);
                if (stalled.Count < limit)
                {
                    stalled.Enqueue(lead, lead);
                }
                else if (LeastOverdueFirst.Instance.Compare(lead, stalled.Peek()) > 0)
                {
                    stalled.EnqueueDequeue(lead, lead);
                }
            }
        }

        var reached = stages.Select(s => total.ReachedAt(s.Id)).ToArray();
        var stageReports = new StageReport[stages.Count];
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            var stays = total.StageStays.GetValueOrDefault(stage.Id);
            stageReports[i] = new StageReport(
                stage.Id,
                stage.Name,
                reached[i],
                i == 0 ? null : Ratio(reached[i], reached[i - 1]),
                Ratio(reached[i], reached[0]),
                stays == 0 ? null : (double)(total.StageDays.GetValueOrDefault(stage.Id) / stays),
                stays,
                open[i],
                openValue[i],
                weighted[i],
                stalledCount[i],
                stage.Probability,
                stage.NormDays);
        }

        return new FunnelReport
        {
            PipelineId = pipeline.Id,
            PipelineName = pipeline.Name,
            Query = query,
            GeneratedAt = now,
            Stages = stageReports,
            Entered = reached[0],
            Won = total.Won,
            Lost = total.Lost,
            Open = open.Sum(),
            WinRate = Ratio(total.Won, reached[0]),
            CloseRate = Ratio(total.Won, total.Won + total.Lost),
            AverageCycleDays = total.Won == 0 ? null : (double)(total.WonCycleDays / total.Won),
            AverageDealSize = total.WonWithAmount == 0 ? null : total.WonAmount / total.WonWithAmount,
            WonRevenue = total.WonAmount,
            OpenPipelineValue = openValue.Sum(),
            WeightedForecast = weighted.Sum(),
            StalledCount = stalledCount.Sum(),
            Stalled = stalled.UnorderedItems
                .Select(item => item.Element)
                .OrderByDescending(s => s, LeastOverdueFirst.Instance)
                .ToList(),
            Bottleneck = Bottleneck(stageReports),
        };
    }

    /// <summary>Conversion and cycle per creation month and per source, for the leads the query selects.</summary>
    public static CohortReport BuildCohorts(PipelineDefinition pipeline, IEnumerable<FunnelBucket> buckets, FunnelQuery query)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(buckets);
        ArgumentNullException.ThrowIfNull(query);
        var byMonth = new SortedDictionary<CohortMonth, FunnelCounters>();
        var bySource = new SortedDictionary<string, FunnelCounters>(StringComparer.Ordinal);
        foreach (var bucket in buckets)
        {
            if (!query.Matches(bucket.Key))
            {
                continue;
            }

            AddTo(byMonth, bucket.Key.Cohort, bucket.Counters);
            AddTo(bySource, bucket.Key.Source, bucket.Counters);
        }

        return new CohortReport(
            pipeline.Id,
            pipeline.Stages.Select(s => s.Id).ToList(),
            byMonth.Select(p => Row(pipeline, p.Key.ToString(), p.Value)).ToList(),
            bySource.Select(p => Row(pipeline, p.Key, p.Value)).ToList());
    }

    /// <summary>The counters of every bucket the query selects, added up.</summary>
    public static FunnelCounters Sum(IEnumerable<FunnelBucket> buckets, FunnelQuery query)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        ArgumentNullException.ThrowIfNull(query);
        var total = new FunnelCounters();
        foreach (var bucket in buckets)
        {
            if (query.Matches(bucket.Key))
            {
                total.Add(bucket.Counters);
            }
        }

        return total;
    }

    private static FunnelBottleneck? Bottleneck(StageReport[] stages)
    {
        StageReport? worst = null;
        var worstIndex = -1;
        for (var i = 0; i < stages.Length; i++)
        {
            if (stages[i].Stalled > 0 && (worst is null || stages[i].Stalled > worst.Stalled))
            {
                worst = stages[i];
                worstIndex = i;
            }
        }

        if (worst is not null)
        {
            return new FunnelBottleneck(worst.StageId, worst.Name, BottleneckReason.MostStalled, worst.Stalled, ConversionToNext(stages, worstIndex));
        }

        double? lowest = null;
        for (var i = 0; i + 1 < stages.Length; i++)
        {
            if (stages[i].Reached > 0 && ConversionToNext(stages, i) is { } rate && (lowest is null || rate < lowest))
            {
                lowest = rate;
                worstIndex = i;
            }
        }

        return lowest is null
            ? null
            : new FunnelBottleneck(stages[worstIndex].StageId, stages[worstIndex].Name, BottleneckReason.LowestConversion, 0, lowest);
    }

    private static double? ConversionToNext(StageReport[] stages, int index) =>
        index + 1 < stages.Length ? stages[index + 1].ConversionFromPrevious : null;

    private static CohortRow Row(PipelineDefinition pipeline, string cohort, FunnelCounters counters)
    {
        var reached = pipeline.Stages.Select(s => counters.ReachedAt(s.Id)).ToList();
        return new CohortRow(
            cohort,
            reached[0],
            reached,
            counters.Won,
            counters.Lost,
            Ratio(counters.Won, reached[0]),
            counters.Won == 0 ? null : (double)(counters.WonCycleDays / counters.Won),
            counters.WonWithAmount == 0 ? null : counters.WonAmount / counters.WonWithAmount);
    }

    private static void AddTo<TKey>(SortedDictionary<TKey, FunnelCounters> totals, TKey key, FunnelCounters counters)
        where TKey : notnull
    {
        if (!totals.TryGetValue(key, out var total))
        {
            total = new FunnelCounters();
            totals[key] = total;
        }

        total.Add(counters);
    }

    /// <summary>Orders stalled leads from least to most overdue (ties: the greater lead id first), so the
    /// heap's head is the one to drop and the report lists most overdue first, then by lead id.</summary>
    private sealed class LeastOverdueFirst : IComparer<StalledLead>
    {
        public static readonly LeastOverdueFirst Instance = new();

        public int Compare(StalledLead? x, StalledLead? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            var byOverdue = (x.DaysInStage - x.NormDays).CompareTo(y.DaysInStage - y.NormDays);
            return byOverdue != 0 ? byOverdue : string.CompareOrdinal(y.LeadId, x.LeadId);
        }
    }

    internal static double? Ratio(long numerator, long denominator) =>
        denominator == 0 ? null : (double)numerator / denominator;
}
