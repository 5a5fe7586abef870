using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Pipeline;
using static FunnelAutomation.Core.Tests.Pipeline.PipelineFixtures;

namespace FunnelAutomation.Core.Tests.Pipeline;

/// <summary>Seed 001's weekly report: 100 prospects, 80 in initial contact, 40 with needs confirmed,
/// 20 accepting a proposed solution, 10 negotiating a quote, 5 won.</summary>
public class Seed001WeekReplayTests
{
    // (action that enters the stage, how many leads reach it, day of the week it happens)
    private static readonly (string Action, int Count, int Day)[] Week =
    [
        ("replied", 80, 1),
        ("meeting_held", 40, 2),
        ("proposal_sent", 20, 3),
        ("quote_requested", 10, 4),
        ("contract_signed", 5, 5),
    ];

    private static List<PipelineProgress> Replay()
    {
        var leads = Enumerable.Range(0, 100)
            .Select(i => PipelineProgress.Enter(Standard, Monday.AddMinutes(i), "form_submitted"))
            .ToList();
        foreach (var (action, count, day) in Week)
        {
            for (var i = 0; i < count; i++)
            {
                var move = PipelineRules.ApplyAction(Standard, leads[i], action, Monday.AddDays(day).AddMinutes(i));
                Assert.True(move.Moved, move.Reason);
                leads[i] = move.Progress;
            }
        }

        return leads;
    }

    [Fact]
    public void The_week_records_exactly_the_reported_transitions()
    {
        var transitions = Replay().SelectMany(l => l.History)
            .GroupBy(t => (t.From, t.To))
            .ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(6, transitions.Count);
        Assert.Equal(100, transitions[(null, "prospect")]);
        Assert.Equal(80, transitions[("prospect", "initial-contact")]);
        Assert.Equal(40, transitions[("initial-contact", "needs-confirmed")]);
        Assert.Equal(20, transitions[("needs-confirmed", "solution-proposed")]);
        Assert.Equal(10, transitions[("solution-proposed", "quote-negotiation")]);
        Assert.Equal(5, transitions[("quote-negotiation", "won")]);
    }

    [Fact]
    public void Stage_reach_counts_give_the_seed_conversion_rates()
    {
        var leads = Replay();
        var reached = Standard.Stages
            .Select(s => leads.Count(l => l.History.Any(t => t.To == s.Id)))
            .ToArray();

        Assert.Equal([100, 80, 40, 20, 10, 5], reached);
        var conversions = reached.Zip(reached.Skip(1), (a, b) => (double)b / a).ToArray();
        Assert.Equal([0.8, 0.5, 0.5, 0.5, 0.5], conversions);
        Assert.Equal(0.05, (double)reached[^1] / reached[0]);
        Assert.Equal(5, leads.Count(l => l.Status == LeadStatus.Won));
    }

    [Fact]
    public void Every_transition_carries_its_cause_and_time_in_order()
    {
        var winner = Replay()[0];

        Assert.Equal(["form_submitted", "replied", "meeting_held", "proposal_sent", "quote_requested", "contract_signed"],
            winner.History.Select(t => t.Cause));
        Assert.True(winner.History.Zip(winner.History.Skip(1)).All(p => p.First.At < p.Second.At));
    }
}
