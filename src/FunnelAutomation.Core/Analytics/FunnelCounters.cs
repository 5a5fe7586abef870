using System.Runtime.InteropServices;

namespace FunnelAutomation.Core.Analytics;

/// <summary>Additive counters for one bucket of leads. Every figure is a sum, so a lead's change is a
/// delta (its new contribution minus its old one), buckets merge by addition, and a rebuild from the
/// histories yields the same numbers as the incremental updates. Day sums are decimals rounded to
/// microdays per lead so additions and subtractions cancel exactly.</summary>
public sealed class FunnelCounters
{
    /// <summary>Leads that reached each stage (by stage id); a skipped stage counts as reached.</summary>
    public Dictionary<string, long> Reached { get; } = new(StringComparer.Ordinal);

    public long Won { get; set; }

    public long Lost { get; set; }

    /// <summary>Sum over won leads of the days from creation to the win.</summary>
    public decimal WonCycleDays { get; set; }

    /// <summary>Sum of the amounts of won leads that have one.</summary>
    public decimal WonAmount { get; set; }

    /// <summary>Won leads with an amount (the denominator of the average deal size).</summary>
    public long WonWithAmount { get; set; }

    /// <summary>Days spent in each stage, summed over completed stays (the lead left the stage).</summary>
    public Dictionary<string, decimal> StageDays { get; } = new(StringComparer.Ordinal);

    /// <summary>Completed stays in each stage (the denominator of the average time in stage).</summary>
    public Dictionary<string, long> StageStays { get; } = new(StringComparer.Ordinal);

    public long ReachedAt(string stageId) => Reached.GetValueOrDefault(stageId);

    public bool IsZero =>
        Won == 0 && Lost == 0 && WonCycleDays == 0 && WonAmount == 0 && WonWithAmount == 0
        && Reached.Values.All(v => v == 0) && StageDays.Values.All(v => v == 0) && StageStays.Values.All(v => v == 0);

    /// <summary>Adds <paramref name="other"/> (times <paramref name="sign"/>, +1 or -1) into this.</summary>
    public void Add(FunnelCounters other, int sign = 1)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (sign is not (1 or -1))
        {
            throw new ArgumentOutOfRangeException(nameof(sign), sign, "sign is +1 or -1");
        }

        var negate = sign < 0;
        Won += negate ? -other.Won : other.Won;
        Lost += negate ? -other.Lost : other.Lost;
        WonCycleDays += negate ? -other.WonCycleDays : other.WonCycleDays;
        WonAmount += negate ? -other.WonAmount : other.WonAmount;
        WonWithAmount += negate ? -other.WonWithAmount : other.WonWithAmount;
        AddAll(Reached, other.Reached, negate);
        AddAll(StageStays, other.StageStays, negate);
        foreach (var (stage, days) in other.StageDays)
        {
            // One hash per entry: reports add thousands of buckets per request.
            CollectionsMarshal.GetValueRefOrAddDefault(StageDays, stage, out _) += negate ? -days : days;
        }
    }

    public FunnelCounters Clone()
    {
        var copy = new FunnelCounters();
        copy.Add(this);
        return copy;
    }

    /// <summary>Drops zero entries, so two counters with the same figures have the same entries.</summary>
    public FunnelCounters Compact()
    {
        RemoveZeros(Reached);
        RemoveZeros(StageStays);
        foreach (var key in StageDays.Where(p => p.Value == 0).Select(p => p.Key).ToList())
        {
            StageDays.Remove(key);
        }

        return this;
    }

    /// <summary>Same figures (zero entries ignored).</summary>
    public bool SameAs(FunnelCounters other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var difference = Clone();
        difference.Add(other, -1);
        return difference.IsZero;
    }

    private static void AddAll(Dictionary<string, long> target, Dictionary<string, long> source, bool negate)
    {
        foreach (var (key, value) in source)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(target, key, out _) += negate ? -value : value;
        }
    }

    private static void RemoveZeros(Dictionary<string, long> counts)
    {
        foreach (var key in counts.Where(p => p.Value == 0).Select(p => p.Key).ToList())
        {
            counts.Remove(key);
        }
    }
}
