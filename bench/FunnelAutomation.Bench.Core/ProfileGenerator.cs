using System.Globalization;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Bench.Core;

/// <summary>A seeded pool of varied leads: industries, sizes, countries and titles the sample model knows and
/// some it does not, free-mail and company addresses, optional BANT answers, 0–6 recent actions.</summary>
internal static class ProfileGenerator
{
    private static readonly string[] Industries =
        ["software", "SaaS", "manufacturing", "banking", "healthcare", "retail", "education", "mining", "", "information technology"];

    private static readonly string[] Countries = ["US", "DE", "GB", "CN", "FR", "JP", "KR", "SG", "BR", "CA", "NL", "IN", "ZA", "MX"];

    private static readonly string[] Titles =
        ["CTO", "VP Engineering", "Head of Sales", "Marketing Manager", "Intern", "Chief Executive Officer", "Developer", "IT Director", "Student", "Procurement Lead"];

    private static readonly string[] FreeMail = ["gmail.com", "outlook.com", "qq.com", "gmx.de"];

    private static readonly int?[] Employees = [null, 5, 30, 150, 800, 4_000, 20_000];

    private static readonly string[] ActionTypes =
    [
        CustomerActionTypes.EmailOpened, CustomerActionTypes.EmailClicked, CustomerActionTypes.PageVisited,
        CustomerActionTypes.WebinarAttended, CustomerActionTypes.ContentDownloaded, CustomerActionTypes.MeetingBooked,
        CustomerActionTypes.FormSubmitted, CustomerActionTypes.Unsubscribed,
    ];

    private static readonly string[] Urls =
        ["https://example.com/pricing", "https://example.com/blog/post-1", "https://example.com/careers", "https://example.com/docs/api"];

    public static (LeadProfile Profile, CustomerAction[] Actions)[] Pool(int count, DateTimeOffset now, int seed = 42)
    {
        var random = new Random(seed);
        var pool = new (LeadProfile, CustomerAction[])[count];
        for (var i = 0; i < count; i++)
        {
            var company = string.Create(CultureInfo.InvariantCulture, $"company{random.Next(300)}.example");
            var email = random.Next(5) == 0
                ? string.Create(CultureInfo.InvariantCulture, $"lead{i}@{FreeMail[random.Next(FreeMail.Length)]}")
                : string.Create(CultureInfo.InvariantCulture, $"lead{i}@{company}");
            var qualification = random.Next(3) == 0
                ? Qualification.None
                : new Qualification
                {
                    Budget = random.Next(4) == 0 ? null : random.Next(0, 500) * 1_000m,
                    IsDecisionMaker = random.Next(2) == 0,
                    Need = (NeedLevel)random.Next(Enum.GetValues<NeedLevel>().Length),
                    TimelineMonths = random.Next(4) == 0 ? null : random.Next(1, 24),
                    CompetitorInvolved = random.Next(3) == 0,
                };
            var profile = new LeadProfile
            {
                Email = email,
                FirstName = "Ada",
                LastName = "Lovelace",
                Company = "Company",
                CompanyDomain = random.Next(4) == 0 ? null : company,
                JobTitle = Titles[random.Next(Titles.Length)],
                Industry = Industries[random.Next(Industries.Length)],
                Employees = Employees[random.Next(Employees.Length)],
                Country = Countries[random.Next(Countries.Length)],
                Qualification = qualification,
            };
            var actions = new CustomerAction[random.Next(7)];
            for (var a = 0; a < actions.Length; a++)
            {
                var type = ActionTypes[random.Next(ActionTypes.Length)];
                actions[a] = new CustomerAction(
                    string.Create(CultureInfo.InvariantCulture, $"act-{i}-{a}"),
                    type,
                    now - TimeSpan.FromHours(random.Next(0, 24 * 60)),
                    type == CustomerActionTypes.PageVisited ? Urls[random.Next(Urls.Length)] : null);
            }

            pool[i] = (profile, actions);
        }

        return pool;
    }
}
