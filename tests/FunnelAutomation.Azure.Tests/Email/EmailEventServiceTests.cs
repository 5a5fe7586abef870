using FunnelAutomation.Application;
using FunnelAutomation.Application.Actions;
using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Application.Email;
using FunnelAutomation.Azure.Email;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Leads;
using Microsoft.Extensions.Time.Testing;

namespace FunnelAutomation.Azure.Tests.Email;

public sealed class EmailEventServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 3, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly InMemoryEmailPorts _ports = new();

    private async Task<EmailEventService> ServiceAsync()
    {
        var configuration = new ConfigurationService(_ports, _ports, new FunnelOptions(), _clock);
        await configuration.SeedAsync(SamplesDirectory(), CancellationToken.None);
        var actions = new CustomerActionService(_ports, _ports, _ports, configuration, _clock);
        _ports.AddLead(new Lead { Id = "lead-1", Profile = new LeadProfile { Email = "ada@example.com", FirstName = "Ada" }, CreatedAt = Now.AddDays(-1), UpdatedAt = Now.AddDays(-1) });
        return new EmailEventService(actions, _ports, _ports, _clock);
    }

    private static EmailEvent[] Parse(string json) =>
        SendGridEventParser.Parse(json).Value.Select(e => e.ToEmailEvent()).ToArray();

    [Fact]
    public async Task A_click_becomes_email_clicked_for_the_lead()
    {
        var service = await ServiceAsync();

        var summary = await service.HandleAsync(Parse("""
            [{"event":"click","email":"ada@example.com","timestamp":1772528000,"sg_event_id":"ev-1","sg_message_id":"m-1","url":"https://example.com/pricing","leadId":"lead-1","stepId":"step-2","sequenceId":"welcome-nurture"}]
            """), CancellationToken.None);

        Assert.Equal((1, 0, 0), (summary.Accepted, summary.Duplicates, summary.Suppressed));
        Assert.Empty(summary.Ignored);
        var action = Assert.Single(_ports.ActionsOf("lead-1"));
        Assert.Equal(("sg:ev-1", CustomerActionTypes.EmailClicked, "https://example.com/pricing"), (action.Id, action.Type, action.Url));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1772528000), action.OccurredAt);
        Assert.Equal("step-2", action.Data["stepId"]);
        Assert.Equal("m-1", action.Data["messageId"]);
        Assert.Contains(_ports.Raised, r => r.LeadId == "lead-1" && r.Input is CustomerActed { Action.Type: CustomerActionTypes.EmailClicked });
        Assert.Empty(_ports.Suppressed);
    }

    [Fact]
    public async Task A_duplicate_event_id_has_one_effect()
    {
        var service = await ServiceAsync();
        const string json = """[{"event":"open","email":"ada@example.com","timestamp":1772528000,"sg_event_id":"ev-2","leadId":"lead-1"}]""";

        var first = await service.HandleAsync(Parse(json), CancellationToken.None);
        var raisedAfterFirst = _ports.Raised.Count;
        var second = await service.HandleAsync([.. Parse(json), .. Parse(json)], CancellationToken.None);

        Assert.Equal((1, 0), (first.Accepted, first.Duplicates));
        Assert.Equal((0, 2), (second.Accepted, second.Duplicates));
        Assert.Single(_ports.ActionsOf("lead-1"));
        Assert.Equal(raisedAfterFirst, _ports.Raised.Count);
    }

    [Fact]
    public async Task A_bounce_suppresses_the_address_and_records_email_bounced()
    {
        var service = await ServiceAsync();

        var summary = await service.HandleAsync(Parse("""
            [{"event":"bounce","email":"Ada@Example.com","timestamp":1772528000,"sg_event_id":"ev-3","type":"bounce","reason":"550 5.1.1 unknown user","leadId":"lead-1"}]
            """), CancellationToken.None);

        Assert.Equal((1, 1), (summary.Accepted, summary.Suppressed));
        Assert.Equal(CustomerActionTypes.EmailBounced, _ports.Suppressed["ada@example.com"]);
        var action = Assert.Single(_ports.ActionsOf("lead-1"));
        Assert.Equal((CustomerActionTypes.EmailBounced, "550 5.1.1 unknown user"), (action.Type, action.Reason));
    }

    [Fact]
    public async Task Unsubscribes_and_spam_reports_suppress_even_without_a_lead()
    {
        var service = await ServiceAsync();

        var summary = await service.HandleAsync(Parse("""
            [{"event":"unsubscribe","email":"rep@example.com","timestamp":1772528000,"sg_event_id":"ev-4"},
             {"event":"spamreport","email":"grace@example.com","timestamp":1772528000,"sg_event_id":"ev-5"},
             {"event":"group_unsubscribe","email":"lin@example.com","timestamp":1772528000,"sg_event_id":"ev-6","leadId":"lead-1"}]
            """), CancellationToken.None);

        Assert.Equal(3, summary.Suppressed);
        Assert.Equal(CustomerActionTypes.Unsubscribed, _ports.Suppressed["rep@example.com"]);
        Assert.Equal(CustomerActionTypes.SpamReported, _ports.Suppressed["grace@example.com"]);
        Assert.Equal(CustomerActionTypes.Unsubscribed, _ports.Suppressed["lin@example.com"]);
        Assert.Equal(1, summary.Accepted);
        Assert.Equal(["ev-4", "ev-5"], summary.Ignored.Select(i => i.EventId));
        Assert.All(summary.Ignored, i => Assert.Equal("no leadId custom arg", i.Reason));
        Assert.Equal(CustomerActionTypes.Unsubscribed, Assert.Single(_ports.ActionsOf("lead-1")).Type);
    }

    [Fact]
    public async Task Blocked_bounces_and_drops_are_recorded_but_do_not_suppress()
    {
        var service = await ServiceAsync();

        var summary = await service.HandleAsync(Parse("""
            [{"event":"bounce","type":"blocked","email":"ada@example.com","timestamp":1772528000,"sg_event_id":"ev-7","leadId":"lead-1"},
             {"event":"dropped","email":"ada@example.com","timestamp":1772528000,"sg_event_id":"ev-8","leadId":"lead-1","reason":"Bounced Address"}]
            """), CancellationToken.None);

        Assert.Equal((2, 0), (summary.Accepted, summary.Suppressed));
        Assert.Empty(_ports.Suppressed);
        Assert.All(_ports.ActionsOf("lead-1"), a => Assert.Equal(CustomerActionTypes.EmailBounced, a.Type));
    }

    [Fact]
    public async Task Untracked_events_unknown_leads_and_invalid_actions_are_ignored_with_reasons()
    {
        var service = await ServiceAsync();
        var longUrl = "https://example.com/" + new string('a', CustomerActionService.MaxUrlLength);

        var summary = await service.HandleAsync(Parse($$"""
            [{"event":"processed","email":"ada@example.com","timestamp":1772528000,"sg_event_id":"ev-9","leadId":"lead-1"},
             {"event":"delivered","email":"ada@example.com","timestamp":1772528000,"sg_event_id":"ev-10","leadId":"lead-404"},
             {"event":"click","email":"ada@example.com","timestamp":1772528000,"sg_event_id":"ev-11","leadId":"lead-1","url":"{{longUrl}}"},
             {"event":"delivered","email":"ada@example.com","timestamp":1772528000,"leadId":"lead-1"},
             {"event":"delivered","email":"ada@example.com","timestamp":1772528000,"sg_event_id":"ev-12","leadId":"lead-1"}]
            """), CancellationToken.None);

        Assert.Equal(1, summary.Accepted);
        Assert.Collection(summary.Ignored,
            i => Assert.Equal(("ev-9", "event \"processed\" is not tracked"), (i.EventId, i.Reason)),
            i => Assert.Equal(("ev-10", "unknown lead lead-404"), (i.EventId, i.Reason)),
            i => Assert.Contains("url", i.Reason),
            i => Assert.Equal((null, "no event id"), (i.EventId, i.Reason)));
        Assert.Equal("sg:ev-12", Assert.Single(_ports.ActionsOf("lead-1")).Id);
    }

    private static string SamplesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var samples = Path.Combine(dir.FullName, "samples");
            if (File.Exists(Path.Combine(samples, "scoring.json")))
            {
                return samples;
            }
        }

        throw new DirectoryNotFoundException("samples/ not found above " + AppContext.BaseDirectory);
    }
}
