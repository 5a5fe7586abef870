namespace FunnelAutomation.TestSupport;

/// <summary>Settings every test Host shares.</summary>
public static class TestHostSettings
{
    /// <summary>Email at any hour of any day: journeys decide on the Durable engine's clock, which is the real one,
    /// so a test must not depend on the hour it runs at. A short engine poll, so a step does not wait on it.</summary>
    public static IReadOnlyDictionary<string, string?> AnyTimeEmail { get; } = new Dictionary<string, string?>
    {
        ["Funnel:SendWindowStartHour"] = "0",
        ["Funnel:SendWindowEndHour"] = "24",
        ["Funnel:SendDays:0"] = "Monday",
        ["Funnel:SendDays:1"] = "Tuesday",
        ["Funnel:SendDays:2"] = "Wednesday",
        ["Funnel:SendDays:3"] = "Thursday",
        ["Funnel:SendDays:4"] = "Friday",
        ["Funnel:SendDays:5"] = "Saturday",
        ["Funnel:SendDays:6"] = "Sunday",
        ["Host:JourneyPollingSeconds"] = "0.25",
    };

    /// <summary>A fake clock's start: now, to the second (durable timers fire on the real clock, so the Host's
    /// clock must not start in the past or the future).</summary>
    public static DateTimeOffset Now() => DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
}
