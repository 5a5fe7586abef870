using System.Globalization;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Learning;
using FunnelAutomation.Core.Pipeline;

namespace FunnelAutomation.Learning.Synthetic;

/// <summary>Closed-lead history with a known signal, for the tests that prove the model finds it and for the
/// training benchmark. With <c>signal</c> on, the log-odds of winning rise with company size (large +1.2,
/// enterprise +2.5) and with each pricing-page visit (+0.7, up to 5); everything else (industry, source, team,
/// opens, clicks, other pages, stage durations) is noise. With it off, every lead wins with the same 35%.
/// Leads are built as the product stores them (profile, actions, stage history ending in won or lost) and turned
/// into examples by <see cref="WinExample.Of"/>, so the cut at the closing move is exercised too.</summary>
public static class WinHistoryGenerator
{
    private static readonly string[] Industries = ["software", "manufacturing", "finance", "healthcare", "retail", "education"];
    private static readonly string[] Sources = ["website", "import", "trade-show", "webinar", "referral"];
    private static readonly string[] Teams = ["emea", "na", "apac"];
    private static readonly string[] Stages = ["new", "qualified", "proposal", "negotiation"];
    private static readonly DateTimeOffset Origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The stored leads with their actions and owner teams.</summary>
    public static IEnumerable<(Lead Lead, IReadOnlyList<CustomerAction> Actions, string Team)> Leads(int count, bool signal, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            yield return One(random, i, signal);
        }
    }

    /// <summary>The same history as training examples.</summary>
    public static IReadOnlyList<WinExample> Examples(int count, bool signal, int seed) =>
        [.. Leads(count, signal, seed).Select(l => WinExample.Of(l.Lead, l.Actions, l.Team)!)];

    /// <summary>Log-odds of winning under the planted signal.</summary>
    public static double SignalLogOdds(int employees, int pricingVisits) =>
        -2.2 + (employees > 1000 ? 2.5 : employees > 200 ? 1.2 : 0) + 0.7 * Math.Min(pricingVisits, 5);

    private static (Lead, IReadOnlyList<CustomerAction>, string) One(Random random, int i, bool signal)
    {
        var employees = (int)Math.Round(Math.Exp(random.NextDouble() * Math.Log(20000.0 / 5)) * 5);
        var pricing = Draw(random, 0.45, 8);
        var created = Origin.AddMinutes(random.Next(0, 300 * 24 * 60));
        var closed = created.AddDays(10 + random.NextDouble() * 110);
        var p = signal ? 1 / (1 + Math.Exp(-SignalLogOdds(employees, pricing))) : 0.35;
        var won = random.NextDouble() < p;
        var id = "ld_" + i.ToString("D7", CultureInfo.InvariantCulture);

        var actions = new List<CustomerAction>();
        void Add(string type, int n, string? url = null)
        {
            for (var k = 0; k < n; k++)
            {
                var at = created + (closed - created) * random.NextDouble();
                actions.Add(new CustomerAction($"{id}-{actions.Count}", type, at, url));
            }
        }

        Add(CustomerActionTypes.PageVisited, pricing, "https://example.com/pricing");
        Add(CustomerActionTypes.PageVisited, Draw(random, 0.5, 10), "https://example.com/blog/post");
        Add(CustomerActionTypes.PageVisited, Draw(random, 0.2, 3), "https://example.com/demo");
        Add(CustomerActionTypes.EmailOpened, Draw(random, 0.6, 12));
        Add(CustomerActionTypes.EmailClicked, Draw(random, 0.3, 5));
        Add(CustomerActionTypes.Replied, Draw(random, 0.15, 2));
        Add(CustomerActionTypes.ContentDownloaded, Draw(random, 0.2, 3));
        Add(CustomerActionTypes.WebinarAttended, Draw(random, 0.1, 2));

        // The closing action itself (and anything later) must not reach the features.
        actions.Add(new CustomerAction($"{id}-close", won ? CustomerActionTypes.ContractSigned : CustomerActionTypes.DealLost, closed));
        actions.Add(new CustomerAction($"{id}-after", CustomerActionTypes.PageVisited, closed.AddDays(3), "https://example.com/pricing"));

        var moves = random.Next(0, Stages.Length);
        var history = new List<StageTransition> { new(null, Stages[0], created, "captured") };
        var times = Enumerable.Range(0, moves).Select(_ => created + (closed - created) * random.NextDouble()).Order().ToArray();
        for (var m = 0; m < moves; m++)
        {
            history.Add(new StageTransition(Stages[m], Stages[m + 1], times[m], "rep"));
        }

        history.Add(new StageTransition(Stages[moves], won ? "won" : PipelineDefinition.LostStage, closed, won ? CustomerActionTypes.ContractSigned : CustomerActionTypes.DealLost));

        var lead = new Lead
        {
            Id = id,
            Profile = new LeadProfile
            {
                Email = $"{id}@company{i % 997}.example",
                Company = $"Company {i % 997}",
                Employees = employees,
                Industry = Industries[random.Next(Industries.Length)],
                Country = "DE",
                Source = Sources[random.Next(Sources.Length)],
                Qualification = new Qualification
                {
                    IsDecisionMaker = random.NextDouble() < 0.4,
                    TimelineMonths = random.Next(1, 13),
                },
            },
            CreatedAt = created,
            UpdatedAt = closed,
            PipelineId = "b2b",
            Stage = won ? "won" : Stages[moves],
            History = history,
            Status = won ? LeadStatus.Won : LeadStatus.Lost,
            LostReason = won ? null : "no_decision",
        };
        return (lead, actions, Teams[random.Next(Teams.Length)]);
    }

    /// <summary>A small count: each further one with probability <paramref name="p"/>, at most <paramref name="max"/>.</summary>
    private static int Draw(Random random, double p, int max)
    {
        var n = 0;
        while (n < max && random.NextDouble() < p)
        {
            n++;
        }

        return n;
    }
}
