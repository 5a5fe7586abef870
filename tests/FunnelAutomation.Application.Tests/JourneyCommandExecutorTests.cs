using FunnelAutomation.Application.Email;
using FunnelAutomation.Application.Tests.Fakes;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Application.Tests;

public class JourneyCommandExecutorTests
{
    private static async Task<(TestApp App, Lead Lead)> AppWithLead()
    {
        var app = await TestApp.CreateAsync();
        var (_, lead) = await app.Intake.ProcessAsync(TestApp.Form("s1", ("email", "li@example.cn"), ("firstName", "Li"), ("company", "Example"), ("country", "CN")), default);
        return (app, lead);
    }

    private static SendEmail Welcome(string leadId, string key = "k1") =>
        new(key, leadId, "welcome-nurture-v1-1", "welcome-nurture", 1, "welcome", null, new Dictionary<string, string>(),
            "Welcome, {{firstName}}", "<p>Hi {{firstName}} from {{company}}</p>");

    [Fact]
    public async Task A_nurture_email_is_rendered_tagged_and_sent_once_per_key()
    {
        var (app, lead) = await AppWithLead();

        await app.Executor.ExecuteAsync(Welcome(lead.Id), default);
        await app.Executor.ExecuteAsync(Welcome(lead.Id), default);

        var email = Assert.Single(app.Stores.Sent, e => e.Categories.Contains("nurture"));
        Assert.Equal("Welcome, Li", email.Subject);
        Assert.Contains("Hi Li from Example", email.HtmlBody!, StringComparison.Ordinal);
        Assert.Equal(lead.Id, email.CustomArgs["leadId"]);
        Assert.Equal("welcome", email.CustomArgs["stepId"]);
        Assert.StartsWith("http://localhost:7071/api/unsubscribe?token=", email.UnsubscribeUrl, StringComparison.Ordinal);
        var token = Uri.UnescapeDataString(email.UnsubscribeUrl![(email.UnsubscribeUrl!.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        Assert.Equal(lead.Id, new UnsubscribeTokens(app.Options.UnsubscribeSigningKey).Read(token, app.Clock.GetUtcNow()).LeadId);
        // The sender's guard is the only one: the repeat, answered "sent before", is not counted again.
        var step = Assert.Single(await app.Analytics.GetSequencePerformanceAsync("welcome-nurture")).Steps.Single(s => s.StepId == "welcome");
        Assert.Equal(1, step.Sent);
    }

    [Fact]
    public async Task In_a_new_leads_first_turn_the_welcome_uses_the_lead_as_written_and_what_intake_read_of_its_suppression()
    {
        var (app, lead) = await AppWithLead();
        var reads = app.Stores.LeadReads;

        var written = lead with { Profile = lead.Profile with { FirstName = "Lin" } }; // what intake wrote, not read back
        await app.Executor.ExecuteAsync(Welcome(lead.Id), new Ports.CreatedLead(written, AddressSuppressed: false), default);
        await app.Executor.ExecuteAsync(Welcome(lead.Id, "k2"), new Ports.CreatedLead(written, AddressSuppressed: true), default);

        Assert.Equal(reads, app.Stores.LeadReads);
        var email = Assert.Single(app.Stores.Sent, e => e.Categories.Contains("nurture"));
        Assert.Equal("Welcome, Lin", email.Subject);
        Assert.False(email.KnownSuppressed); // the sender skips its own lookup

        // Any other send reads the lead and leaves the lookup to the sender.
        await app.Executor.ExecuteAsync(Welcome(lead.Id, "k3"), default);
        Assert.Equal(reads + 1, app.Stores.LeadReads);
        Assert.Null(app.Stores.Sent.Single(e => e.IdempotencyKey == "k3").KnownSuppressed);
    }

    [Fact]
    public async Task A_provider_outage_asks_to_retry_later_and_a_refusal_fails_the_command()
    {
        var (app, lead) = await AppWithLead();

        app.Stores.NextSendResult = new Ports.EmailSendResult(false, null, "SendGrid answered 503", TimeSpan.FromSeconds(30));
        var later = await Assert.ThrowsAsync<InvalidOperationException>(() => app.Executor.ExecuteAsync(Welcome(lead.Id), default));
        app.Stores.NextSendResult = new Ports.EmailSendResult(false, null, "SendGrid refused the email (400)");
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => app.Executor.ExecuteAsync(Welcome(lead.Id), default));
        await app.Executor.ExecuteAsync(Welcome(lead.Id), default);

        Assert.Contains("503", later.Message, StringComparison.Ordinal);
        Assert.Contains("400", refused.Message, StringComparison.Ordinal);
        Assert.Single(app.Stores.Sent, e => e.Categories.Contains("nurture")); // neither failure counted the command as done
    }

    [Fact]
    public async Task A_suppressed_address_is_never_mailed()
    {
        var (app, lead) = await AppWithLead();
        await app.Stores.SuppressAsync("LI@example.cn", "unsubscribed", default);

        await app.Executor.ExecuteAsync(Welcome(lead.Id), default);

        Assert.DoesNotContain(app.Stores.Sent, e => e.To == "li@example.cn");
    }

    [Fact]
    public async Task Advancing_the_stage_is_recorded_once_with_its_cause()
    {
        var (app, lead) = await AppWithLead();
        var command = new AdvanceStage("k-adv", lead.Id, "initial-contact", "meeting_booked", app.Clock.GetUtcNow());

        await app.Executor.ExecuteAsync(command, default);
        await app.Executor.ExecuteAsync(command, default);

        var stored = await ((Ports.ILeadStore)app.Stores).GetAsync(lead.Id, default);
        Assert.Equal("initial-contact", stored!.Stage);
        Assert.Equal(2, stored.History.Count);
        Assert.Equal("meeting_booked", stored.History[^1].Cause);
    }

    [Fact]
    public async Task A_repeated_or_stale_advance_writes_nothing()
    {
        var (app, lead) = await AppWithLead();
        var store = app.Stores;
        var first = new AdvanceStage($"{lead.Id}:stage:initial-contact", lead.Id, "initial-contact", "meeting_booked", app.Clock.GetUtcNow());
        await app.Executor.ExecuteAsync(first, default);
        app.Clock.Advance(TimeSpan.FromHours(1));
        await app.Executor.ExecuteAsync(new AdvanceStage($"{lead.Id}:stage:needs-confirmed", lead.Id, "needs-confirmed", "needs_confirmed", app.Clock.GetUtcNow()), default);
        var advanced = await store.GetAsync(lead.Id, default);
        app.Clock.Advance(TimeSpan.FromHours(1));

        // The first command again (an activity retried after the journey moved on), then the second again.
        await app.Executor.ExecuteAsync(first, default);
        await app.Executor.ExecuteAsync(new AdvanceStage($"{lead.Id}:stage:needs-confirmed", lead.Id, "needs-confirmed", "needs_confirmed", advanced!.UpdatedAt), default);

        var stored = await store.GetAsync(lead.Id, default);
        Assert.Equal(advanced, stored); // not even UpdatedAt was written
        Assert.Equal("needs-confirmed", stored!.Stage);
        Assert.Equal(
            [(null, "prospect", "form_submitted"), ("prospect", "initial-contact", "meeting_booked"), ("initial-contact", "needs-confirmed", "needs_confirmed")],
            stored.History.Select(h => (h.From, h.To, h.Cause)));
    }

    [Fact]
    public async Task A_loss_the_journey_decided_makes_the_lead_lost_even_with_a_reason_the_pipeline_rules_refuse()
    {
        var (app, lead) = await AppWithLead();
        var owner = lead.OwnerRepId!;
        var openBefore = app.Stores.Routing.LoadOf(owner).OpenLeads;
        var at = app.Clock.GetUtcNow();
        // The decider's reason when an action gave none; not in b2b-standard's list, so PipelineRules.MarkLost refuses it.
        var config = await app.Configuration.GetAsync(default);
        Assert.Equal(Core.Pipeline.StageMoveKind.Refused,
            Core.Pipeline.PipelineRules.MarkLost(config.Pipeline(lead.PipelineId), Core.Pipeline.PipelineProgress.Of(lead)!, "unspecified", at, "customer").Kind);
        var lost = new MarkLost($"{lead.Id}:lost:{at.UtcTicks}", lead.Id, "unspecified", at);

        await app.Executor.ExecuteAsync(lost, default);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await app.Executor.ExecuteAsync(lost, default);

        var stored = await ((Ports.ILeadStore)app.Stores).GetAsync(lead.Id, default);
        Assert.Equal((LeadStatus.Lost, "unspecified", "prospect"), (stored!.Status, stored.LostReason, stored.Stage));
        Assert.Equal(new Core.Pipeline.StageTransition("prospect", "lost", at, "customer"), stored.History[^1]);
        Assert.Equal(2, stored.History.Count);
        Assert.Equal(openBefore - 1, app.Stores.Routing.LoadOf(owner).OpenLeads); // released once, not per run
    }

    [Fact]
    public async Task A_reopen_is_recorded_from_lost_back_to_the_stage_once()
    {
        var (app, lead) = await AppWithLead();
        var lostAt = app.Clock.GetUtcNow();
        await app.Executor.ExecuteAsync(new MarkLost("k-lost", lead.Id, "competitor", lostAt), default);
        app.Clock.Advance(TimeSpan.FromDays(91));
        var reopen = new ReopenLead($"{lead.Id}:reopen:1", lead.Id, app.Clock.GetUtcNow());

        await app.Executor.ExecuteAsync(reopen, default);
        await app.Executor.ExecuteAsync(reopen, default);

        var stored = await ((Ports.ILeadStore)app.Stores).GetAsync(lead.Id, default);
        Assert.Equal((LeadStatus.Open, null, "prospect"), (stored!.Status, stored.LostReason, stored.Stage));
        Assert.Equal(
            [(null, "prospect", "form_submitted"), ("prospect", "lost", "customer"), ("lost", "prospect", "reactivation")],
            stored.History.Select(h => (h.From, h.To, h.Cause)));
    }

    [Fact]
    public async Task Reassignment_skips_the_rep_who_missed_the_sla_and_answers_with_the_new_owner()
    {
        var (app, lead) = await AppWithLead();
        var missed = lead.OwnerRepId!;

        var follow = await app.Executor.ExecuteAsync(new Reassign("k-re", lead.Id, null, [missed], $"rep {missed} missed the SLA"), default);
        var again = await app.Executor.ExecuteAsync(new Reassign("k-re", lead.Id, null, [missed], "retry"), default);

        var stored = await ((Ports.ILeadStore)app.Stores).GetAsync(lead.Id, default);
        Assert.NotEqual(missed, stored!.OwnerRepId);
        if (stored.OwnerRepId is { } owner)
        {
            Assert.Equal(owner, Assert.IsType<LeadAssigned>(Assert.Single(follow)).RepId);
            Assert.Equal(owner, Assert.IsType<LeadAssigned>(Assert.Single(again)).RepId);
        }
        else
        {
            Assert.NotNull(stored.AssignmentQueue);
        }

        Assert.Contains("missed the SLA", stored.RoutingExplanation[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_concurrent_runs_of_one_reassignment_assign_once_and_agree_on_the_owner()
    {
        // EMEA has three reps, so the reassignment always finds one.
        var app = await TestApp.CreateAsync();
        var (_, lead) = await app.Intake.ProcessAsync(TestApp.Form("s1", ("email", "max@example.de"), ("company", "Beispiel"), ("country", "DE")), default);
        var missed = lead.OwnerRepId!;
        // A previous owner with more than one open lead, so a second release would show.
        await app.Stores.UpdateAsync(state => (state.WithLoad(missed, new Core.Routing.RepLoad(5, 5)), 0), default);
        var before = app.Stores.Routing.Loads;
        var gated = new GatedLeadStore(app.Stores, parties: 2);
        var executor = new Journeys.JourneyCommandExecutor(gated, app.Stores, app.Stores, app.Stores, app.Stores,
            app.Configuration, new EmailRenderer(), app.Options, app.Clock);
        var command = new Reassign("k-race", lead.Id, null, [missed], $"rep {missed} missed the SLA");

        var runs = await Task.WhenAll(
            Task.Run(() => executor.ExecuteAsync(command, default)),
            Task.Run(() => executor.ExecuteAsync(command, default)));

        var stored = await ((Ports.ILeadStore)app.Stores).GetAsync(lead.Id, default);
        var owner = stored!.OwnerRepId;
        Assert.NotNull(owner);
        Assert.NotEqual(missed, owner);
        Assert.Equal("k-race", stored.AssignmentKey);
        Assert.All(runs, r => Assert.Equal(owner, Assert.IsType<LeadAssigned>(Assert.Single(r)).RepId));
        var after = app.Stores.Routing;
        foreach (var rep in before.Keys.Union(after.Loads.Keys))
        {
            var was = before.GetValueOrDefault(rep);
            var now = after.LoadOf(rep);
            var expected = rep == owner ? new Core.Routing.RepLoad(was.OpenLeads + 1, was.NewLeadsToday + 1)
                : rep == missed ? was with { OpenLeads = was.OpenLeads - 1 }
                : was;
            Assert.True(expected == now, $"rep {rep}: expected {expected}, found {now}");
        }
    }

    /// <summary>Issue 18: the sequence panel's Unsub column stayed 0 % after an unsubscribe through the link.</summary>
    [Fact]
    public async Task An_unsubscribe_through_the_link_is_counted_once_on_the_step_that_sent_it()
    {
        var (app, lead) = await AppWithLead();
        await app.Executor.ExecuteAsync(Welcome(lead.Id), default);
        var url = Assert.Single(app.Stores.Sent, e => e.Categories.Contains("nurture")).UnsubscribeUrl!;
        var token = Uri.UnescapeDataString(url[(url.IndexOf('=', StringComparison.Ordinal) + 1)..]);

        Assert.Null(await app.Unsubscribe.UnsubscribeAsync(token, default));
        Assert.Null(await app.Unsubscribe.UnsubscribeAsync(token, default)); // the one-click POST after the GET

        var step = Assert.Single(await app.Analytics.GetSequencePerformanceAsync("welcome-nurture")).Steps.Single(s => s.StepId == "welcome");
        Assert.Equal(1, step.Unsubscribed);
        Assert.Equal(1.0, step.UnsubscribeRate);
        Assert.True(await app.Stores.IsSuppressedAsync("li@example.cn", default));
    }

    [Fact]
    public async Task An_unsubscribe_link_without_a_step_is_counted_on_the_last_sequence_email()
    {
        var (app, lead) = await AppWithLead();
        await app.Executor.ExecuteAsync(Welcome(lead.Id), default);
        var token = new UnsubscribeTokens(app.Options.UnsubscribeSigningKey).Create(lead.Id, app.Clock.GetUtcNow().AddDays(1));

        Assert.Null(await app.Unsubscribe.UnsubscribeAsync(token, default));

        var step = Assert.Single(await app.Analytics.GetSequencePerformanceAsync("welcome-nurture")).Steps.Single(s => s.StepId == "welcome");
        Assert.Equal(1, step.Unsubscribed);
    }

    [Fact]
    public async Task Tokens_refuse_forgery_tampering_and_expiry()
    {
        var tokens = new UnsubscribeTokens("secret");
        var now = new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero);
        var token = tokens.Create("ld_1", now.AddDays(1));

        Assert.Equal("ld_1", tokens.Read(token, now).LeadId);
        var fromStep = tokens.Create("ld_1", now.AddDays(1), "seq.a", "step/1");
        Assert.Equal(("ld_1", "seq.a", "step/1"), (tokens.Read(fromStep, now).LeadId, tokens.Read(fromStep, now).SequenceId, tokens.Read(fromStep, now).StepId));
        Assert.Equal("invalid signature", tokens.Read(fromStep.Replace(fromStep.Split('.')[2], tokens.Create("ld_1", now.AddDays(1), "seq.b", "step/1").Split('.')[2], StringComparison.Ordinal), now).Error);
        Assert.Equal("invalid signature", new UnsubscribeTokens("other").Read(token, now).Error);
        Assert.Equal("invalid signature", tokens.Read(token.Replace("ld_1", "ld_2", StringComparison.Ordinal), now).Error);
        Assert.Equal("the link has expired", tokens.Read(token, now.AddDays(2)).Error);
        Assert.Equal("malformed token", tokens.Read("garbage", now).Error);
        await Task.CompletedTask;
    }
}
