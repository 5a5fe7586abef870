using System.Net;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Host.Journeys;
using FunnelAutomation.Journeys;
using FunnelAutomation.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelAutomation.Host.Tests.Faults;

/// <summary>SendGrid (a local endpoint) answers 500 for longer than the sender's own retries: the journey's decision
/// activity is retried with back-off instead of failing the journey, and once SendGrid is back the welcome goes out
/// exactly once and the journey goes on.</summary>
public sealed class SendGridOutageTests(SendGridOutageHost host) : IClassFixture<SendGridOutageHost>
{
    [Fact]
    public async Task A_long_sendgrid_outage_holds_the_journey_and_it_continues_once_sendgrid_is_back()
    {
        host.SendGrid.Down = true;
        var posted = await Api.PostLeadAsync(host.Client, new { email = "outage@buyer.test", firstName = "Olu", company = "Buyer", country = "DE" });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var leadId = await Api.LeadIdAsync(posted);

        // 2 sender attempts per activity try; 6 refusals = 3 tries of the decision activity, each a failure.
        await HostFixture.Eventually(() => Task.FromResult<int?>(host.SendGrid.Refused), n => n >= 6, "SendGrid to refuse 6 attempts", seconds: 90);
        host.SendGrid.Down = false;
        await HostFixture.Eventually(() => Task.FromResult<int?>(host.SendGrid.AcceptedFor(leadId, "welcome")), n => n >= 1, "the welcome once SendGrid is back", seconds: 60);
        await Task.Delay(TimeSpan.FromSeconds(3)); // room for a second copy, if anything were to send one

        Assert.Equal(1, host.SendGrid.AcceptedFor(leadId, "welcome"));
        var instance = await host.Services.GetRequiredService<LocalJourneyEngine>().Instances.GetAsync(JourneyNames.InstanceId(leadId), CancellationToken.None);
        Assert.NotNull(instance);
        Assert.Equal(JourneyRuntimeStatus.Running, instance.Status);
        Assert.NotNull(instance.State?.NextWakeAt());
    }
}

public sealed class SendGridOutageHost : FaultHost
{
    public SendGridStandIn SendGrid { get; private set; } = null!;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => new Dictionary<string, string?>
    {
        ["SendGrid:ApiKey"] = "SG.outage-test",
        ["SendGrid:Host"] = SendGrid.Host,
        ["SendGrid:MaxAttempts"] = "2",
        ["SendGrid:BaseDelay"] = "00:00:00",
        ["SendGrid:MaxDelay"] = "00:00:00.500", // how long the journey waits between tries while SendGrid is down
    };

    public override async Task InitializeAsync()
    {
        SendGrid = await SendGridStandIn.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (SendGrid is not null)
        {
            await SendGrid.DisposeAsync();
        }
    }
}
