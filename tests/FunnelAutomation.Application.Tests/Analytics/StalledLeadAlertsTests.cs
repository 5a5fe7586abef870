using FunnelAutomation.Application.Analytics;

namespace FunnelAutomation.Application.Tests.Analytics;

public class StalledLeadAlertsTests
{
    [Fact]
    public async Task An_owner_is_told_once_about_a_lead_stuck_past_its_stage_norm()
    {
        var h = await AnalyticsHarness.CreateAsync();
        var entered = h.Now.AddDays(-10); // prospect's norm is 7 days
        var stuck = h.Enter(AnalyticsHarness.NewLead("ld_stuck", entered, owner: "ana"), entered);
        var fresh = h.Enter(AnalyticsHarness.NewLead("ld_fresh", h.Now.AddDays(-1), owner: "ben"), h.Now.AddDays(-1));
        await h.RecordAsync(stuck);
        await h.RecordAsync(fresh);
        var alerts = new StalledLeadAlerts(h.Service, h.App.Configuration, h.App.Executor);

        var first = await alerts.CheckAsync(CancellationToken.None);
        var second = await alerts.CheckAsync(CancellationToken.None);

        Assert.Equal((1, 1), (first, second));
        var notice = Assert.Single(h.App.Stores.Sent, e => e.To == "ana@seller.example");
        Assert.Contains("10 days", notice.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain(h.App.Stores.Sent, e => e.To == "ben@seller.example");
    }
}
