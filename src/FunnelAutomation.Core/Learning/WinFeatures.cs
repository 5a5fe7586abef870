using System.Globalization;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Core.Learning;

/// <summary>The win model's inputs, one fixed vector per lead, built from its stored facts as of a moment.
/// Training (closed leads, as of just before they closed) and prediction (open leads, as of now) both call
/// <see cref="Write"/>, so the two can never disagree on what a feature means. Unknown numbers are -1 (a tree
/// splits them off like any value; NaN would take ML.NET's missing-value path, which Core does not copy).</summary>
public static class WinFeatures
{
    public const int Employees = 0;
    public const int DecisionMaker = 1;
    public const int Budget = 2;
    public const int Need = 3;
    public const int TimelineMonths = 4;
    public const int PricingVisits = 5;
    public const int DemoVisits = 6;
    public const int OtherPageVisits = 7;
    public const int EmailOpens = 8;
    public const int EmailClicks = 9;
    public const int Replies = 10;
    public const int Downloads = 11;
    public const int Webinars = 12;
    public const int MeetingsBooked = 13;
    public const int DaysSinceLastAction = 14;
    public const int AgeDays = 15;
    public const int Source = 16;
    public const int Industry = 17;
    public const int OwnerTeam = 18;
    public const int DaysInStage1 = 19;
    public const int DaysInStage2 = 20;
    public const int DaysInStage3 = 21;
    public const int DaysInStage4 = 22;
    public const int StagesReached = 23;

    public const int Count = 24;

    /// <summary>Feature names, by index (the column names in training and in stored contributions).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "employees", "decisionMaker", "budget", "need", "timelineMonths",
        "pricingVisits", "demoVisits", "otherPageVisits", "emailOpens", "emailClicks", "replies",
        "downloads", "webinars", "meetingsBooked", "daysSinceLastAction", "ageDays",
        "source", "industry", "ownerTeam",
        "daysInStage1", "daysInStage2", "daysInStage3", "daysInStage4", "stagesReached",
    ];

    private const int StageSlots = 4;

    /// <summary>Writes the features of <paramref name="facts"/> as of <paramref name="asOf"/> into
    /// <paramref name="into"/> (length <see cref="Count"/>). Actions and moves after <paramref name="asOf"/>
    /// are ignored; an action id counts once.</summary>
    public static void Write(WinFacts facts, DateTimeOffset asOf, WinVocabulary vocabulary, Span<float> into)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (into.Length < Count)
        {
            throw new ArgumentException($"Needs room for {Count} features.", nameof(into));
        }

        into[..Count].Clear();
        var profile = facts.Profile;
        var q = profile.Qualification ?? Qualification.None;
        into[Employees] = profile.Employees is > 0 and var n ? n : -1;
        into[DecisionMaker] = q.IsDecisionMaker switch { true => 1, false => 0, null => -1 };
        into[Budget] = q.Budget is { } b ? (float)b : -1;
        into[Need] = q.Need is { } need ? (float)need : -1;
        into[TimelineMonths] = q.TimelineMonths ?? -1;
        into[AgeDays] = Days(asOf - facts.CreatedAt);
        into[Source] = WinVocabulary.Code(vocabulary.Sources, profile.Source);
        into[Industry] = WinVocabulary.Code(vocabulary.Industries, profile.Industry);
        into[OwnerTeam] = WinVocabulary.Code(vocabulary.Teams, facts.OwnerTeam);

        CountActions(facts.Actions, asOf, into);
        StageDays(facts, asOf, into);
    }

    /// <summary>Allocates and fills a feature vector (training and tests; the intake path reuses a buffer).</summary>
    public static float[] Of(WinFacts facts, DateTimeOffset asOf, WinVocabulary vocabulary)
    {
        var row = new float[Count];
        Write(facts, asOf, vocabulary, row);
        return row;
    }

    private static void CountActions(IReadOnlyList<CustomerAction> actions, DateTimeOffset asOf, Span<float> into)
    {
        DateTimeOffset? last = null;
        HashSet<string>? seen = null;
        for (var i = 0; i < actions.Count; i++)
        {
            var a = actions[i];
            if (a.OccurredAt > asOf || Repeats(actions, i, ref seen))
            {
                continue;
            }

            var slot = a.Type switch
            {
                CustomerActionTypes.PageVisited => PageSlot(a.Url),
                CustomerActionTypes.EmailOpened => EmailOpens,
                CustomerActionTypes.EmailClicked => EmailClicks,
                CustomerActionTypes.Replied => Replies,
                CustomerActionTypes.ContentDownloaded => Downloads,
                CustomerActionTypes.WebinarAttended => Webinars,
                CustomerActionTypes.MeetingBooked => MeetingsBooked,
                _ => -1,
            };
            if (slot >= 0)
            {
                into[slot]++;
            }

            if (last is null || a.OccurredAt > last)
            {
                last = a.OccurredAt;
            }
        }

        into[DaysSinceLastAction] = last is { } at ? Days(asOf - at) : -1;
    }

    /// <summary>Whether action <paramref name="i"/>'s id appeared earlier. Leads usually carry a handful of
    /// actions, so short lists are scanned (no allocation); long ones use a set.</summary>
    private static bool Repeats(IReadOnlyList<CustomerAction> actions, int i, ref HashSet<string>? seen)
    {
        if (actions.Count <= LinearDedupeLimit)
        {
            var id = actions[i].Id;
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(actions[j].Id, id, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        seen ??= new HashSet<string>(StringComparer.Ordinal);
        return !seen.Add(actions[i].Id);
    }

    private const int LinearDedupeLimit = 16;

    private static int PageSlot(string? url) =>
        url is null ? OtherPageVisits
        : url.Contains("/pricing", StringComparison.OrdinalIgnoreCase) ? PricingVisits
        : url.Contains("/demo", StringComparison.OrdinalIgnoreCase) ? DemoVisits
        : OtherPageVisits;

    /// <summary>Days spent in the first four stages entered (in order of entry), up to <paramref name="asOf"/>;
    /// stages differ per pipeline, their order of entry does not.</summary>
    private static void StageDays(WinFacts facts, DateTimeOffset asOf, Span<float> into)
    {
        var history = facts.History;
        var reached = 0;
        for (var i = 0; i < history.Count && history[i].At <= asOf; i++)
        {
            var leftAt = i + 1 < history.Count && history[i + 1].At <= asOf ? history[i + 1].At : asOf;
            if (reached < StageSlots)
            {
                into[DaysInStage1 + reached] = Days(leftAt - history[i].At);
            }

            reached++;
        }

        into[StagesReached] = reached;
    }

    private static float Days(TimeSpan span) => span <= TimeSpan.Zero ? 0 : (float)Math.Round(span.TotalDays, 2);

    /// <summary>A feature's value in words a rep reads ("company of 1,500 employees", "3 pricing-page visits").</summary>
    public static string Describe(int feature, float value, WinVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var c = CultureInfo.InvariantCulture;
        var count = (int)value;
        return feature switch
        {
            Employees => value < 0 ? "company size unknown" : string.Create(c, $"company of {count:N0} employees"),
            DecisionMaker => value switch { 1 => "talking to a decision maker", 0 => "not a decision maker", _ => "authority unknown" },
            Budget => value < 0 ? "budget unknown" : string.Create(c, $"budget of {value:N0}"),
            Need => value < 0 ? "need unknown" : $"{((NeedLevel)count).ToString().ToLowerInvariant()} need",
            TimelineMonths => value < 0 ? "timeline unknown" : string.Create(c, $"buying within {count} months"),
            PricingVisits => Plural(count, "pricing-page visit"),
            DemoVisits => Plural(count, "demo-page visit"),
            OtherPageVisits => Plural(count, "other page visit"),
            EmailOpens => Plural(count, "email open"),
            EmailClicks => Plural(count, "email click"),
            Replies => Plural(count, "reply", "replies"),
            Downloads => Plural(count, "content download"),
            Webinars => Plural(count, "webinar attended", "webinars attended"),
            MeetingsBooked => Plural(count, "meeting booked", "meetings booked"),
            DaysSinceLastAction => value < 0 ? "no activity yet" : string.Create(c, $"last active {value:0.#} days ago"),
            AgeDays => string.Create(c, $"lead for {value:0.#} days"),
            Source => $"came from {WinVocabulary.Name(vocabulary.Sources, value) ?? "an unfamiliar source"}",
            Industry => $"industry {WinVocabulary.Name(vocabulary.Industries, value) ?? "not seen in past deals"}",
            OwnerTeam => $"owned by team {WinVocabulary.Name(vocabulary.Teams, value) ?? "none yet"}",
            >= DaysInStage1 and <= DaysInStage4 => string.Create(c, $"{value:0.#} days in stage {feature - DaysInStage1 + 1}"),
            StagesReached => Plural(count, "stage reached", "stages reached"),
            _ => throw new ArgumentOutOfRangeException(nameof(feature)),
        };
    }

    private static string Plural(int n, string one, string? many = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? one : many ?? one + "s")}");
}
