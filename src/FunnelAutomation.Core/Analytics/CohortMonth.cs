using System.Globalization;

namespace FunnelAutomation.Core.Analytics;

/// <summary>A calendar month (UTC) in which leads were created: the cohort axis of every funnel counter.</summary>
public readonly record struct CohortMonth : IComparable<CohortMonth>
{
    public CohortMonth(int year, int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9999);
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        Year = year;
        Month = month;
    }

    public int Year { get; }

    public int Month { get; }

    /// <summary>Months since year 0: consecutive months differ by one.</summary>
    public int Ordinal => (Year * 12) + Month - 1;

    /// <summary>The cohort of an instant, taken in UTC so every host files a lead in the same month.</summary>
    public static CohortMonth Of(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return new(utc.Year, utc.Month);
    }

    public static CohortMonth FromOrdinal(int ordinal) => new(ordinal / 12, (ordinal % 12) + 1);

    public CohortMonth AddMonths(int months) => FromOrdinal(Ordinal + months);

    public DateTimeOffset Start => new(Year, Month, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Every month from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public static IEnumerable<CohortMonth> Range(CohortMonth from, CohortMonth to)
    {
        for (var ordinal = from.Ordinal; ordinal <= to.Ordinal; ordinal++)
        {
            yield return FromOrdinal(ordinal);
        }
    }

    /// <summary>Parses "yyyy-MM".</summary>
    public static bool TryParse(string? text, out CohortMonth month)
    {
        month = default;
        if (text is not { Length: 7 } || text[4] != '-'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || year < 1 || m is < 1 or > 12)
        {
            return false;
        }

        month = new(year, m);
        return true;
    }

    public static CohortMonth Parse(string text) =>
        TryParse(text, out var month) ? month : throw new FormatException($"\"{text}\" is not a month (yyyy-MM).");

    public int CompareTo(CohortMonth other) => Ordinal.CompareTo(other.Ordinal);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");

    public static bool operator <(CohortMonth left, CohortMonth right) => left.Ordinal < right.Ordinal;

    public static bool operator >(CohortMonth left, CohortMonth right) => left.Ordinal > right.Ordinal;

    public static bool operator <=(CohortMonth left, CohortMonth right) => left.Ordinal <= right.Ordinal;

    public static bool operator >=(CohortMonth left, CohortMonth right) => left.Ordinal >= right.Ordinal;
}
