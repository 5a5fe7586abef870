using System.Text.Json.Nodes;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Replay;
using FunnelAutomation.Core.Scoring;
using FunnelAutomation.Core.Tests.TestSupport;
using static FunnelAutomation.Core.Tests.Replay.ReplayHistories;

namespace FunnelAutomation.Core.Tests.Replay;

/// <summary>The what-if replay: the history run through the Core twice, active against candidate configuration.
/// Every expectation is worked out here from the history itself, not from the engine.</summary>
public class WhatIfReplayTests
{
    private static readonly string[] Countries = ["FR", "DE", "GB", "US", "FR", "US", "DE", "FR"];

    /// <summary>40 leads over 20 days; every fifth French lead signs (won), every seventh other lead loses.</summary>
    private static List<LeadHistory> MixedHistory() =>
    [
        .. Enumerable.Range(0, 40).Select(i =>
        {
            var country = Countries[i % Countries.Length];
            var at = Monday.AddHours(i * 12);
            var actions = country == "FR" && i % 5 == 0 ? [(CustomerActionTypes.ContractSigned, TimeSpan.FromDays(2), (string?)null)]
                : i % 7 == 0 ? [(CustomerActionTypes.DealLost, TimeSpan.FromDays(1), (string?)null)]
                : Array.Empty<(string, TimeSpan, string?)>();
            return Lead(i, country, at, actions: actions);
        }),
    ];

    private static bool Closed(LeadHistory lead) => lead.Actions.Any(a => a.Type is CustomerActionTypes.ContractSigned or CustomerActionTypes.DealLost);

    [Fact]
    public void Moving_france_to_the_na_team_moves_exactly_the_french_leads_and_their_load_from_the_french_rep_to_na()
    {
        var history = MixedHistory();
        var report = RunReplay(Config(), Config(routing: FranceToNa), history, Monday.AddDays(30));

        var french = history.Where(h => h.Lead.Profile.Country == "FR").ToList();
        var americans = history.Where(h => h.Lead.Profile.Country == "US").ToList();
        var germanOrBritish = history.Count(h => h.Lead.Profile.Country is "DE" or "GB");
        Assert.Equal(40, report.Leads);
        Assert.Equal(french.Count, report.Owners.Changed);
        Assert.Equal(french.Select(h => h.Lead.Id).Order(StringComparer.Ordinal), report.Owners.Leads.Select(l => l.LeadId));
        Assert.All(report.Owners.Leads, l => Assert.Equal(("emea-fr", "na-1"), (l.From, l.To)));
        Assert.Equal([new CountedMove("emea-fr", "na-1", french.Count)], report.Owners.Moves);
        Assert.True(report.Owners.Listed);

        var loads = report.RepLoads.ToDictionary(l => l.Owner);
        var frenchOpen = french.Count(h => !Closed(h));
        var americanOpen = americans.Count(h => !Closed(h));
        Assert.Equal(new RepLoadChange("emea-fr", french.Count, 0, frenchOpen, 0), loads["emea-fr"]);
        Assert.Equal(new RepLoadChange("na-1", americans.Count, americans.Count + french.Count, americanOpen, americanOpen + frenchOpen), loads["na-1"]);
        Assert.Equal(germanOrBritish, loads["emea-de"].BaselineAssigned);
        Assert.Equal(loads["emea-de"].BaselineAssigned, loads["emea-de"].CandidateAssigned);
        Assert.Equal(loads["emea-de"].BaselineOpen, loads["emea-de"].CandidateOpen);

        // Routing alone changed: grades, emails and stages are the same on both sides.
        Assert.Equal(0, report.Grades.Changed);
        Assert.All(report.Emails, e => Assert.Equal((e.Baseline, 0, 0), (e.Candidate, e.WouldBeSent, e.WouldNotBeSent)));
        Assert.All(report.Stages, s => Assert.Equal((s.BaselineReached, s.BaselineNow), (s.CandidateReached, s.CandidateNow)));
    }

    [Fact]
    public void Stage_counts_follow_the_customer_actions()
    {
        var history = MixedHistory();
        var report = RunReplay(Config(), Config(), history, Monday.AddDays(30));

        var won = history.Count(h => h.Actions.Any(a => a.Type == CustomerActionTypes.ContractSigned));
        var lost = history.Count(h => h.Actions.Any(a => a.Type == CustomerActionTypes.DealLost));
        var stages = report.Stages.ToDictionary(s => s.Stage);
        Assert.True(won > 0 && lost > 0);
        Assert.Equal(40, stages["prospect"].BaselineReached);
        Assert.Equal(won, stages["won"].BaselineNow);
        Assert.Equal(won, stages["won"].BaselineReached);
        Assert.Equal(lost, stages["lost"].BaselineNow);
        Assert.Equal(40 - won - lost, stages["prospect"].BaselineNow);
        // A signed contract skips the stages between: each is passed through, so conversion prospect → contact is won/40.
        Assert.Equal(Math.Round((double)won / 40, 4), stages["prospect"].BaselineConversion);
        Assert.Equal(0, report.Owners.Changed);
    }

    [Fact]
    public void A_lower_grade_a_threshold_reports_each_leads_grade_move_as_the_candidate_scorer_grades_it()
    {
        var history = Enumerable.Range(0, 30).Select(i => Lead(i, Countries[i % Countries.Length], Monday.AddHours(i * 5),
            employees: 10 + (i * 397 % 5000), title: i % 3 == 0 ? "VP Operations" : i % 3 == 1 ? "Intern" : "Head of IT",
            actions: i % 4 == 0 ? [(CustomerActionTypes.PageVisited, TimeSpan.FromHours(2), "https://example.com/pricing")] : [])).ToList();
        var easier = Edit(ActiveScoring, doc => doc["grades"] = JsonNode.Parse("""{ "a": 40, "b": 25, "c": 10 }"""));
        var report = RunReplay(Config(), Config(scoring: easier), history, Monday.AddDays(30));

        var active = new LeadScorer(ScoringModel.Load(ActiveScoring).Value);
        var candidate = new LeadScorer(ScoringModel.Load(easier).Value);
        var expected = history
            .Select(h => (Before: Grade(active, h), After: Grade(candidate, h)))
            .Where(g => g.Before != g.After)
            .GroupBy(g => g)
            .ToDictionary(g => $"{g.Key.Before}→{g.Key.After}", g => g.Count());
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Values.Sum(), report.Grades.Changed);
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), report.Grades.Moves.ToDictionary(m => $"{m.From}→{m.To}", m => m.Count).OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.Equal(30, report.Grades.Candidate.Values.Sum());
    }

    // A lead's grade is the score of its whole log, at its last action: as live rescoring leaves it.
    private static Grade Grade(LeadScorer scorer, LeadHistory h) => scorer.Score(h.Lead.Profile, h.Actions, h.Actions.Max(a => a.OccurredAt)).Grade;

    [Fact]
    public void Dropping_the_benefits_email_reports_it_as_not_sent_to_each_lead_still_in_the_sequence()
    {
        // Ten leads on Monday morning; the even ones book a meeting within the hour and leave the sequence.
        var history = Enumerable.Range(0, 10).Select(i => Lead(i, "DE", Monday.AddMinutes(i),
            actions: i % 2 == 0 ? [(CustomerActionTypes.MeetingBooked, TimeSpan.FromHours(1), (string?)null)] : [])).ToList();
        var shorter = Edit(ActiveSequence, doc =>
        {
            var steps = doc["steps"]!.AsArray();
            steps.Remove(steps.First(s => (string?)s!["id"] == "product-benefits"));
        });
        var report = RunReplay(Config(), Config(sequence: shorter), history, Monday.AddDays(14));

        var stillEnrolled = history.Count(h => h.Actions.All(a => a.Type != CustomerActionTypes.MeetingBooked));
        var emails = report.Emails.ToDictionary(e => e.StepId);
        Assert.Equal(new EmailStepChange("welcome-nurture", "welcome", 10, 10, 0, 0), emails["welcome"]);
        Assert.Equal(new EmailStepChange("welcome-nurture", "product-benefits", stillEnrolled, 0, 0, stillEnrolled), emails["product-benefits"]);
    }

    [Fact]
    public void A_meeting_that_enters_a_later_stage_moves_the_booked_leads_stage_counts_there()
    {
        var history = Enumerable.Range(0, 10).Select(i => Lead(i, "DE", Monday.AddMinutes(i * 7),
            actions: i % 3 == 0 ? [(CustomerActionTypes.MeetingBooked, TimeSpan.FromDays(1), (string?)null)] : [])).ToList();
        var json = Samples.Read("pipelines/b2b-standard.json");
        var changed = Edit(json, doc =>
        {
            var stages = doc["stages"]!.AsArray();
            stages.Single(s => (string?)s!["id"] == "initial-contact")!["enteredBy"] = new JsonArray("replied");
            stages.Single(s => (string?)s!["id"] == "needs-confirmed")!["enteredBy"] = new JsonArray("meeting_held", "needs_confirmed", "meeting_booked");
        });
        var candidate = Config() with { Pipelines = new Dictionary<string, Core.Pipeline.PipelineDefinition> { ["b2b-standard"] = Core.Pipeline.PipelineDefinition.Load(changed).Value } };

        var report = RunReplay(Config(), candidate, history, Monday.AddDays(10));

        var booked = history.Count(h => h.Actions.Any(a => a.Type == CustomerActionTypes.MeetingBooked));
        var stages = report.Stages.ToDictionary(s => s.Stage);
        Assert.Equal((booked, 0), (stages["initial-contact"].BaselineNow, stages["initial-contact"].CandidateNow));
        Assert.Equal((0, booked), (stages["needs-confirmed"].BaselineNow, stages["needs-confirmed"].CandidateNow));
        Assert.Equal((0, booked), (stages["needs-confirmed"].BaselineReached, stages["needs-confirmed"].CandidateReached));
        Assert.Equal((10 - booked, 10 - booked), (stages["prospect"].BaselineNow, stages["prospect"].CandidateNow));
    }

    [Fact]
    public void Leads_outside_the_window_and_later_actions_are_left_out()
    {
        var replay = new WhatIfReplay(Config(), Config(), Monday.AddDays(1), Monday.AddDays(2));
        Assert.False(replay.Add(Lead(1, "DE", Monday)));
        Assert.True(replay.Add(Lead(2, "DE", Monday.AddDays(1.5), actions: [(CustomerActionTypes.ContractSigned, TimeSpan.FromDays(3), null)])));
        Assert.False(replay.Add(Lead(3, "DE", Monday.AddDays(3))));

        var report = replay.Run();
        Assert.Equal(1, report.Leads);
        Assert.Equal(1, report.Actions); // the signature came after the window
        Assert.Equal(0, report.Stages.Single(s => s.Stage == "won").BaselineNow);
    }

    [Fact]
    public void The_baseline_is_compared_with_what_is_stored()
    {
        var history = MixedHistory();
        // Stored as live routed them (one eligible rep per country), but lead 3 was since handed to someone else.
        var stored = history.Select((h, i) => h with
        {
            Lead = h.Lead with { OwnerRepId = i == 3 ? "someone-else" : h.Lead.Profile.Country switch { "FR" => "emea-fr", "US" => "na-1", _ => "emea-de" } },
        }).ToList();
        var report = RunReplay(Config(), Config(), stored, Monday.AddDays(30));

        Assert.Equal(1, report.Live.OwnersDiffer);
        Assert.Contains(history[3].Lead.Id, report.Live.Examples);
        Assert.Equal(0, report.Live.GradesDiffer); // no stored score to compare
    }
}
