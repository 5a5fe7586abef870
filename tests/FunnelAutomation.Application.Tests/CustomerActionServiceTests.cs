using FunnelAutomation.Application.Ports;
using FunnelAutomation.Application.Tests.Fakes;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Application.Tests;

public class CustomerActionServiceTests
{
    private static async Task<(TestApp App, Lead Lead)> AppWithLead()
    {
        var app = await TestApp.CreateAsync();
        var (_, lead) = await app.Intake.ProcessAsync(TestApp.Form("s1", ("email", "li@example.cn"), ("firstName", "Li"), ("country", "CN")), default);
        return (app, lead);
    }

    [Theory]
    [InlineData(null, "required: why the deal was lost, one of competitor, price, no-need, no-decision, do-not-contact")]
    [InlineData(" ", "required: why the deal was lost, one of competitor, price, no-need, no-decision, do-not-contact")]
    [InlineData("too-pricey", "unknown lost reason \"too-pricey\" for pipeline \"b2b-standard\"; use one of competitor, price, no-need, no-decision, do-not-contact")]
    public async Task A_lost_deal_without_a_reason_of_the_leads_pipeline_is_refused_and_nothing_is_stored(string? reason, string expected)
    {
        var (app, lead) = await AppWithLead();
        var before = await ((ILeadStore)app.Stores).GetAsync(lead.Id, default);
        var raisedBefore = app.Stores.Raised.Count;

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() =>
            app.Actions.RecordAsync(lead.Id, new CustomerAction("crm-lost-1", CustomerActionTypes.DealLost, app.Clock.GetUtcNow(), Reason: reason), default));

        var error = Assert.Single(refused.Errors);
        Assert.Equal(("reason", expected), (error.Path, error.Reason));
        Assert.DoesNotContain(await ((IActionStore)app.Stores).ListAsync(lead.Id, default), a => a.Type == CustomerActionTypes.DealLost);
        Assert.Equal(raisedBefore, app.Stores.Raised.Count);
        Assert.Equal(before, await ((ILeadStore)app.Stores).GetAsync(lead.Id, default));
    }

    [Fact]
    public async Task An_action_redelivered_after_a_crash_between_the_log_and_the_journey_still_reaches_the_journey()
    {
        var (app, lead) = await AppWithLead();
        var booked = new CustomerAction("cal-77", CustomerActionTypes.MeetingBooked, app.Clock.GetUtcNow());
        app.Stores.FailNextRaise = new IOException("worker killed after the append");

        await Assert.ThrowsAsync<IOException>(() => app.Actions.RecordAsync(lead.Id, booked, default));
        Assert.Contains(await ((IActionStore)app.Stores).ListAsync(lead.Id, default), a => a.Id == "cal-77");
        Assert.DoesNotContain(app.Stores.Raised, r => r.Input is CustomerActed { Action.Id: "cal-77" });

        Assert.True(await app.Actions.RecordAsync(lead.Id, booked, default));

        Assert.Single(app.Stores.Raised, r => r.LeadId == lead.Id && r.Input is CustomerActed { Action.Id: "cal-77" });
        Assert.Single(await ((IActionStore)app.Stores).ListAsync(lead.Id, default), a => a.Id == "cal-77");
    }

    [Fact]
    public async Task A_lost_deal_with_a_known_reason_is_logged_and_told_to_the_journey()
    {
        var (app, lead) = await AppWithLead();

        var recorded = await app.Actions.RecordAsync(lead.Id, new CustomerAction("crm-lost-1", CustomerActionTypes.DealLost, app.Clock.GetUtcNow(), Reason: "price"), default);

        Assert.True(recorded);
        Assert.Single(await ((IActionStore)app.Stores).ListAsync(lead.Id, default), a => a.Type == CustomerActionTypes.DealLost);
        Assert.Contains(app.Stores.Raised, r => r.Input is CustomerActed { Action.Reason: "price" });
    }

    [Fact]
    public async Task Other_actions_keep_their_free_text_reason()
    {
        var (app, lead) = await AppWithLead();

        var recorded = await app.Actions.RecordAsync(lead.Id, new CustomerAction("sg-bounce-1", CustomerActionTypes.EmailBounced, app.Clock.GetUtcNow(), Reason: "550 mailbox unavailable"), default);

        Assert.True(recorded);
        Assert.Single(await ((IActionStore)app.Stores).ListAsync(lead.Id, default), a => a.Type == CustomerActionTypes.EmailBounced);
    }
}
