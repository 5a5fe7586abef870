using FunnelAutomation.Application.Leads;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Application.Tests.Fakes;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Application.Tests;

public class LeadIntakeServiceTests
{
    private static readonly (string, string?)[] Ann =
    [
        ("email", "Ann.Lee@Contoso-Industrial.de"), ("firstName", "Ann"), ("company", "Contoso Industrial"),
        ("country", "DE"), ("employees", "1500"), ("industry", "manufacturing"), ("jobTitle", "VP Operations"),
    ];

    [Fact]
    public async Task A_resubmission_redelivered_after_a_crash_before_the_journey_heard_of_it_is_told_again_and_a_double_click_is_not()
    {
        var app = await TestApp.CreateAsync();
        await app.Intake.ProcessAsync(TestApp.Form("s1", ("email", "mo@dune.ma"), ("firstName", "Mo")), default);
        app.Clock.Advance(TimeSpan.FromDays(2));
        var again = new LeadSubmitted("s2", new Dictionary<string, string?> { ["email"] = "mo@dune.ma", ["firstName"] = "Mo", ["company"] = "Dune" }, app.Clock.GetUtcNow());
        app.Stores.FailNextRaise = new IOException("worker killed after the append");
        await Assert.ThrowsAsync<IOException>(() => app.Intake.ProcessAsync(again, default));
        var acted = () => app.Stores.Raised.Count(r => r.Input is CustomerActed { Action.Type: CustomerActionTypes.FormSubmitted } a && a.Action.Data["submissionId"] == "s2");
        Assert.Equal(0, acted());

        var (redelivered, _) = await app.Intake.ProcessAsync(again, default);
        var (doubleClick, _) = await app.Intake.ProcessAsync(again with { SubmissionId = "s3" }, default);

        Assert.Equal((IntakeOutcome.Duplicate, IntakeOutcome.Duplicate), (redelivered, doubleClick));
        Assert.Equal(1, acted());
    }

    [Fact]
    public async Task A_new_submission_becomes_a_scored_routed_lead_with_a_started_journey()
    {
        var app = await TestApp.CreateAsync();

        var (outcome, lead) = await app.Intake.ProcessAsync(TestApp.Form("s1", Ann), default);

        Assert.Equal(IntakeOutcome.Created, outcome);
        Assert.Equal(LeadId.ForEmail("ann.lee@contoso-industrial.de"), lead.Id);
        Assert.NotNull(lead.Score);
        Assert.NotEmpty(lead.Score!.Breakdown);
        Assert.NotNull(lead.OwnerRepId);
        Assert.Contains(lead.RoutingExplanation, line => line.Contains("matched rule EMEA", StringComparison.Ordinal));
        Assert.Equal($"routed as grade {lead.Score.Grade} (score {lead.Score.Total})", lead.RoutingExplanation[0]);
        Assert.Equal(("b2b-standard", "prospect"), (lead.PipelineId, lead.Stage));
        var started = Assert.Single(app.Stores.Started);
        Assert.Equal((lead.Id, lead.OwnerRepId), (started.LeadId, started.OwnerRepId));
        // The journey's first turn is handed the lead as written and the suppression entry as read (issue 14).
        var created = Assert.Single(app.Stores.StartedWith);
        Assert.Equal((lead, false), (created!.Lead, created.AddressSuppressed));
    }

    [Fact]
    public async Task The_same_person_twice_updates_one_lead_and_a_redelivery_changes_nothing()
    {
        var app = await TestApp.CreateAsync();
        await app.Intake.ProcessAsync(TestApp.Form("s1", Ann), default);

        var (second, updated) = await app.Intake.ProcessAsync(TestApp.Form("s2", ("email", "ann.lee@contoso-industrial.de"), ("phone", "+49 30 1234")), default);
        var (third, _) = await app.Intake.ProcessAsync(TestApp.Form("s2", ("email", "ann.lee@contoso-industrial.de"), ("phone", "+49 30 1234")), default);

        Assert.Equal(IntakeOutcome.Updated, second);
        Assert.Equal(IntakeOutcome.Duplicate, third);
        Assert.Equal("+49 30 1234", updated.Profile.Phone);
        Assert.Equal("Contoso Industrial", updated.Profile.Company);
        // Every delivery asks for the journey (a start is idempotent), always of the same one lead; only the one
        // that created it hands over the lead (the others must look whether its journey runs).
        Assert.Single(app.Stores.Started.Select(s => s.LeadId).Distinct());
        Assert.Equal([true, false, false], app.Stores.StartedWith.Select(c => c is not null));
        Assert.Single(await ((Ports.ILeadStore)app.Stores).ListByOwnerAsync(updated.OwnerRepId!, default));
    }

    /// <summary>Issue 18: each post of one form was its own submission. The same fields within the window (across
    /// a slot boundary too) are one submission; the same form sent again later is new.</summary>
    [Theory]
    [InlineData("09:00:00", "09:00:00", IntakeOutcome.Duplicate, 1)]
    [InlineData("09:09:59", "09:10:01", IntakeOutcome.Duplicate, 1)]
    [InlineData("09:00:00", "09:11:00", IntakeOutcome.Updated, 2)]
    public async Task Posts_of_the_same_fields_within_minutes_are_one_submission(string first, string second, IntakeOutcome outcome, int forms)
    {
        var app = await TestApp.CreateAsync();
        var fields = Ann.ToDictionary(f => f.Item1, f => f.Item2);
        LeadSubmitted At(string id, string time) => new(id, fields, new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero) + TimeSpan.Parse(time, System.Globalization.CultureInfo.InvariantCulture));

        await app.Intake.ProcessAsync(At("post-1", first), default);
        var (again, lead) = await app.Intake.ProcessAsync(At("post-2", second), default);

        Assert.Equal(outcome, again);
        var history = await ((Ports.IActionStore)app.Stores).ListAsync(lead.Id, default);
        Assert.Equal(forms, history.Count(a => a.Type == "form_submitted"));
        Assert.StartsWith($"{forms}× form_submitted", lead.Score!.Breakdown.Single(b => b.Rule == "engagement.form_submitted").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_queued_submission_is_refused_with_its_field_errors()
    {
        var app = await TestApp.CreateAsync();

        var error = await Assert.ThrowsAsync<InvalidInputException>(() =>
            app.Intake.ProcessAsync(TestApp.Form("s1", ("email", "nope"), ("employees", "lots")), default));

        Assert.Equal(["email", "employees"], error.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Empty(app.Stores.Started);
    }

    [Fact]
    public async Task Round_robin_spreads_a_team_evenly_within_daily_capacity()
    {
        var app = await TestApp.CreateAsync();

        // NA team: r6 (10 new a day) and r7 (20 a day); r8 is inactive.
        for (var i = 0; i < 18; i++)
        {
            await app.Intake.ProcessAsync(TestApp.Form($"s{i}", ("email", $"buyer{i}@firm{i}.com"), ("country", "US"), ("employees", "5000")), default);
        }

        var counts = app.Stores.Started.GroupBy(s => s.OwnerRepId).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["r6"] = 9, ["r7"] = 9 }, counts);
    }

    /// <summary>Issue 14: a first submission is routed before the lead is written, so the new lead is stored scored
    /// and assigned in one write (it was two: the lead, then its owner).</summary>
    [Fact]
    public async Task A_new_lead_is_stored_scored_and_assigned_in_one_write()
    {
        var app = await TestApp.CreateAsync();

        var (_, lead) = await app.Intake.ProcessAsync(TestApp.Form("s1", Ann), default);

        Assert.Equal(1, app.Stores.LeadWrites[lead.Id]);
        Assert.Equal(1, app.Stores.ActionReads[lead.Id]); // the creator does not read the log again (issue 14)
        Assert.NotNull(lead.OwnerRepId);
        Assert.Equal(new Core.Routing.RepLoad(1, 1), app.Stores.Routing.LoadOf(lead.OwnerRepId!));
        var routed = Assert.Single(await ((Ports.ILeadEventLog)app.Stores).ListAsync(lead.Id, default), e => e.Kind == LeadEventKinds.Routed);
        Assert.Equal(lead.RoutingExplanation, routed.Details);
    }

    /// <summary>Two first submissions of one person at once both route before either writes the lead: one creates
    /// it with its owner, the other merges into it and takes its own assignment back, so the loads count one lead.</summary>
    [Fact]
    public async Task Two_first_submissions_at_once_leave_one_owner_and_loads_that_count_one_lead()
    {
        var app = await TestApp.CreateAsync();
        var bothRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = 0;
        app.Stores.BeforeAppend = () =>
        {
            if (Interlocked.Increment(ref waiting) == 2)
            {
                bothRead.SetResult();
            }

            return bothRead.Task.WaitAsync(TimeSpan.FromSeconds(10));
        };

        var results = await Task.WhenAll(
            Task.Run(() => app.Intake.ProcessAsync(TestApp.Form("s1", Ann), default)),
            Task.Run(() => app.Intake.ProcessAsync(TestApp.Form("s2", [.. Ann, ("phone", "+49 30 1234")]), default)));
        app.Stores.BeforeAppend = null;

        Assert.Equal([IntakeOutcome.Created, IntakeOutcome.Updated], results.Select(r => r.Outcome).Order());
        var lead = Assert.Single(await ((Ports.ILeadStore)app.Stores).ListByOwnerAsync(results[0].Lead.OwnerRepId!, default));
        Assert.Equal("+49 30 1234", lead.Profile.Phone);
        var loads = app.Stores.Routing.Loads.Values;
        Assert.Equal(1, loads.Sum(l => l.OpenLeads));
        Assert.Equal(1, loads.Sum(l => l.NewLeadsToday));
        Assert.Equal(new Core.Routing.RepLoad(1, 1), app.Stores.Routing.LoadOf(lead.OwnerRepId!));
        // The stored score saw both submissions, as if they had come one after the other.
        var sequential = await TestApp.CreateAsync();
        await sequential.Intake.ProcessAsync(TestApp.Form("s1", Ann), default);
        var (_, expected) = await sequential.Intake.ProcessAsync(TestApp.Form("s2", [.. Ann, ("phone", "+49 30 1234")]), default);
        Assert.Equal(expected.Score!.Total, lead.Score!.Total);
        Assert.NotEqual(results.Single(r => r.Outcome == IntakeOutcome.Created).Lead.Score!.Total, lead.Score.Total);
    }
}
