using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Host.Journeys;
using FunnelAutomation.Journeys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
    public SwitchableSendGrid SendGrid { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => new Dictionary<string, string?>
    {
        ["SendGrid:ApiKey"] = "SG.outage-test",
        ["SendGrid:Host"] = SendGrid.Address,
        ["SendGrid:MaxAttempts"] = "2",
        ["SendGrid:BaseDelay"] = "00:00:00",
        ["SendGrid:MaxDelay"] = "00:00:00.500", // how long the journey waits between tries while SendGrid is down
    };

    public override async Task InitializeAsync()
    {
        await SendGrid.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await SendGrid.DisposeAsync();
    }
}

/// <summary>api.sendgrid.com on loopback, switched down (500) or up (202); counts accepted emails by lead and step.</summary>
public sealed class SwitchableSendGrid : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string Lead, string Step), int> _accepted = new();
    private WebApplication? _app;
    private int _refused;
    private volatile bool _down;

    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    public string Address { get; private set; } = "";

    public int Refused => Volatile.Read(ref _refused);

    public int AcceptedFor(string leadId, string stepId) => _accepted.GetValueOrDefault((leadId, stepId));

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/v3/mail/send", async context =>
        {
            if (Down)
            {
                Interlocked.Increment(ref _refused);
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            }

            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var args = body.RootElement.GetProperty("personalizations")[0].GetProperty("custom_args");
            var step = args.TryGetProperty("stepId", out var s) ? s.GetString()! : "notification";
            _accepted.AddOrUpdate((args.GetProperty("leadId").GetString()!, step), 1, (_, n) => n + 1);
            context.Response.StatusCode = StatusCodes.Status202Accepted;
        });
        await _app.StartAsync();
        Address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
