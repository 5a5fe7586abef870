using FsCheck.Xunit;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Scoring;
using static FunnelAutomation.Core.Tests.Scoring.ScoringTestData;

namespace FunnelAutomation.Core.Tests.Scoring;

/// <summary>Properties over the sample model; FsCheck supplies bytes that pick leads and action histories.</summary>
public class ScoringPropertyTests
{
    private static readonly string[] AnyType =
    [
        "email_opened", "email_clicked", "replied", "page_visited", "form_submitted", "content_downloaded",
        "webinar_attended", "meeting_booked", "quote_requested", "unsubscribed", "spam_reported", "email_bounced",
        "email_delivered", "meeting_held", "deal_lost",
    ];

    private static readonly string?[] Urls =
    [
        "https://funnel.example/pricing", "https://funnel.example/demo?x=1", "https://funnel.example/customers/acme",
        "https://funnel.example/careers", "https://funnel.example/blog/post", null,
    ];

    // Types and page URLs that score positive points in the sample model.
    private static readonly (string Type, string? Url)[] Positive =
    [
        ("email_opened", null), ("email_clicked", null), ("replied", null), ("form_submitted", null),
        ("content_downloaded", null), ("webinar_attended", null), ("meeting_booked", null), ("quote_requested", null),
        ("page_visited", "https://funnel.example/pricing"), ("page_visited", "https://funnel.example/demo"),
        ("page_visited", "https://funnel.example/case-studies/x"), ("page_visited", "https://funnel.example/blog"),
        ("page_visited", null),
    ];

    private static readonly string[] Emails = ["a@qq.com", "b@bigcorp.example", "c@pipelinerival.com", "d@gmail.com", "e@163.com"];
    private static readonly string?[] Industries = [null, "software", "education", "mining", "banking"];
    private static readonly string?[] Titles = [null, "CEO", "Student", "Engineer", "Office clerk"];
    private static readonly string?[] Countries = [null, "DE", "BR", "JP", "US"];
    private static readonly int?[] Employees = [null, 3, 40, 150, 900, 20_000];

    private static readonly string[] PositiveIndustries = ["software", "Manufacturing", "finance", "retail"];
    private static readonly string[] PositiveTitles = ["CTO", "VP Marketing", "Head of Sales", "IT Manager", "Data Analyst"];
    private static readonly string[] PositiveCountries = ["US", "DE", "FR", "SG", "CA"];
    private static readonly int[] PositiveEmployees = [20, 100, 500, 5000];

    private static LeadProfile ProfileFrom(byte seed)
    {
        var s = (int)seed;
        return Profile(
            email: Emails[s % Emails.Length],
            industry: Industries[s / 5 % Industries.Length],
            title: Titles[s / 3 % Titles.Length],
            country: Countries[s / 7 % Countries.Length],
            employees: Employees[s / 11 % Employees.Length],
            qualification: s % 2 == 0 ? Qualification.None : new Qualification { Budget = s * 1000m, TimelineMonths = s % 13, CompetitorInvolved = s % 3 == 0 });
    }

    private static List<CustomerAction> ActionsFrom(byte[]? bytes)
    {
        var actions = new List<CustomerAction>();
        if (bytes is null)
        {
            return actions;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            var type = AnyType[b % AnyType.Length];
            var url = type == "page_visited" ? Urls[(b + i) % Urls.Length] : null;
            actions.Add(new CustomerAction($"p-{i}", type, Now.AddHours(-((b * 37 + i * 11) % 2400)), url));
        }

        return actions;
    }

    [Property(MaxTest = 300)]
    public bool Adding_an_action_with_positive_points_never_lowers_the_total(byte profile, byte[] history, byte pick, ushort ageHours)
    {
        var scorer = new LeadScorer(Sample);
        var lead = ProfileFrom(profile);
        var actions = ActionsFrom(history);
        var before = scorer.Score(lead, actions, Now);

        var (type, url) = Positive[pick % Positive.Length];
        actions.Add(new CustomerAction("new-action", type, Now.AddHours(-(ageHours % 5000)), url));
        var after = scorer.Score(lead, actions, Now);

        return after.Total >= before.Total;
    }

    [Property(MaxTest = 300)]
    public bool Adding_a_positive_fit_attribute_never_lowers_the_total(byte profile, byte[] history, byte which, byte pick)
    {
        var scorer = new LeadScorer(Sample);
        var actions = ActionsFrom(history);
        var (without, with) = (which % 4) switch
        {
            0 => (ProfileFrom(profile) with { Industry = null }, ProfileFrom(profile) with { Industry = PositiveIndustries[pick % PositiveIndustries.Length] }),
            1 => (ProfileFrom(profile) with { JobTitle = null }, ProfileFrom(profile) with { JobTitle = PositiveTitles[pick % PositiveTitles.Length] }),
            2 => (ProfileFrom(profile) with { Country = null }, ProfileFrom(profile) with { Country = PositiveCountries[pick % PositiveCountries.Length] }),
            _ => (ProfileFrom(profile) with { Employees = null }, ProfileFrom(profile) with { Employees = PositiveEmployees[pick % PositiveEmployees.Length] }),
        };

        return scorer.Score(with, actions, Now).Total > scorer.Score(without, actions, Now).Total;
    }

    [Property(MaxTest = 200)]
    public bool Same_input_gives_the_same_score_and_the_total_is_the_sum_of_the_breakdown(byte profile, byte[] history)
    {
        var lead = ProfileFrom(profile);
        var actions = ActionsFrom(history);

        var first = new LeadScorer(Sample).Score(lead, actions, Now);
        var second = new LeadScorer(Sample).Score(lead with { }, [.. actions], Now);

        return first.Total == second.Total
            && first.Grade == second.Grade
            && first.Priority == second.Priority
            && first.Breakdown.SequenceEqual(second.Breakdown)
            && first.Total == first.Breakdown.Sum(c => c.Points)
            && first.Grade == Sample.GradeFor(first.Total);
    }

    [Property(MaxTest = 200)]
    public bool Older_actions_never_score_more_than_newer_ones(byte pick, ushort newerHours, ushort extraHours)
    {
        var (type, url) = Positive[pick % Positive.Length];
        var scorer = new LeadScorer(Sample);
        var newer = scorer.Score(Profile(), [new CustomerAction("x", type, Now.AddHours(-newerHours), url)], Now);
        var older = scorer.Score(Profile(), [new CustomerAction("x", type, Now.AddHours(-newerHours - extraHours), url)], Now);

        return older.Total <= newer.Total;
    }
}
