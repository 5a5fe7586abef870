namespace FunnelAutomation.Core.Journeys;

/// <summary>Business-hours arithmetic in a lead's time zone: when the next email may go out (window and
/// daily cap) and what "N business days later" means. DST-safe: local wall-clock times are converted
/// through the zone's rules, and a window start that falls in a spring-forward gap moves to the first
/// valid minute after it.</summary>
public static class SendWindow
{
    public static DateTimeOffset NextSendTime(
        DateTimeOffset now,
        TimeZoneInfo zone,
        JourneySettings settings,
        IReadOnlyList<DateTimeOffset> sentAt) => NextSendSlot(now, zone, settings, sentAt).At;

    /// <summary>When the next windowed email may go out, and why not at <paramref name="now"/> (null when it may:
    /// then <see cref="SendSlot.At"/> is <paramref name="now"/>). The reason is the first rule that held it back.</summary>
    public static SendSlot NextSendSlot(
        DateTimeOffset now,
        TimeZoneInfo zone,
        JourneySettings settings,
        IReadOnlyList<DateTimeOffset> sentAt)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(sentAt);
        var candidate = now;
        string? reason = null;
        for (var guard = 0; guard < 400; guard++)
        {
            var local = TimeZoneInfo.ConvertTime(candidate, zone);
            var date = DateOnly.FromDateTime(local.DateTime);
            string? held = null;
            if (!IsBusinessDay(date, settings))
            {
                held = $"{date.DayOfWeek} is not a business day in {zone.Id}";
            }
            else if (local.Hour >= settings.SendWindowEndHour)
            {
                held = $"after the send window ({Window(settings)} {zone.Id})";
            }
            else if (SentOn(date, zone, sentAt) >= settings.MaxEmailsPerDay)
            {
                held = $"the daily cap of {settings.MaxEmailsPerDay} nurture email{(settings.MaxEmailsPerDay == 1 ? string.Empty : "s")} was reached";
            }

            if (held is not null)
            {
                reason ??= held;
                candidate = WindowStart(NextBusinessDay(date, settings), zone, settings);
                continue;
            }

            if (local.Hour < settings.SendWindowStartHour)
            {
                reason ??= $"before the send window ({Window(settings)} {zone.Id})";
                candidate = WindowStart(date, zone, settings);
                continue;
            }

            return new SendSlot(candidate, reason);
        }

        throw new InvalidOperationException("The send window settings leave no time to send in.");
    }

    private static string Window(JourneySettings settings) =>
        $"{settings.SendWindowStartHour:00}:00–{settings.SendWindowEndHour:00}:00";

    /// <summary>The same local time of day, <paramref name="days"/> business days later.</summary>
    public static DateTimeOffset AddBusinessDays(DateTimeOffset from, int days, TimeZoneInfo zone, JourneySettings settings)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(settings);
        var local = TimeZoneInfo.ConvertTime(from, zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        for (var i = 0; i < days; i++)
        {
            date = NextBusinessDay(date, settings);
        }

        return ToInstant(date.ToDateTime(TimeOnly.FromDateTime(local.DateTime)), zone);
    }

    private static DateOnly NextBusinessDay(DateOnly date, JourneySettings settings)
    {
        var next = date.AddDays(1);
        while (!IsBusinessDay(next, settings))
        {
            next = next.AddDays(1);
        }

        return next;
    }

    private static bool IsBusinessDay(DateOnly date, JourneySettings settings)
    {
        foreach (var day in settings.BusinessDays)
        {
            if (day == date.DayOfWeek)
            {
                return true;
            }
        }

        return false;
    }

    private static int SentOn(DateOnly date, TimeZoneInfo zone, IReadOnlyList<DateTimeOffset> sentAt)
    {
        var count = 0;
        foreach (var sent in sentAt)
        {
            if (DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(sent, zone).DateTime) == date)
            {
                count++;
            }
        }

        return count;
    }

    private static DateTimeOffset WindowStart(DateOnly date, TimeZoneInfo zone, JourneySettings settings) =>
        ToInstant(date.ToDateTime(new TimeOnly(settings.SendWindowStartHour, 0)), zone);

    private static DateTimeOffset ToInstant(DateTime localWallClock, TimeZoneInfo zone)
    {
        var wall = DateTime.SpecifyKind(localWallClock, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(wall))
        {
            wall = wall.AddMinutes(1);
        }

        // For an ambiguous (fall-back) time the zone's standard offset is taken: the later instant.
        var offset = zone.GetUtcOffset(wall);
        return new DateTimeOffset(wall, offset).ToUniversalTime();
    }
}

/// <summary>When an email may go out and, when that is later than asked, the rule that held it back.</summary>
public sealed record SendSlot(DateTimeOffset At, string? Reason);
