using System.Net;
using System.Net.Http.Json;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Scoring;
using FunnelAutomation.Host.Journeys;
using FunnelAutomation.Journeys;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelAutomation.Host.Tests.Journeys;

/// <summary>What a kill leaves behind, on the real engine: a journey's instance row is written but its start message
/// is hidden (taken by the killed process, invisible until its visibility timeout ends). An event raised meanwhile
/// reaches an instance without history and the provider discards it. The action is in the lead's log, so the
/// journey's first step catches it up.</summary>
public sealed class HiddenStartTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task A_meeting_booked_while_the_journeys_start_is_still_hidden_moves_the_stage_once_the_journey_runs()
    {
        const string email = "hidden.start@baltic-freight.lv";
        var leadId = LeadId.ForEmail(email);
        var engine = host.Services.GetRequiredService<LocalJourneyEngine>();
        var started = new JourneyStarted(host.Clock.GetUtcNow(), leadId, "b2b-standard", "prospect", 40, Grade.C, "website", null, null, "DE");

        // The start message becomes visible only after 15 s, as after a kill (scheduled start = hidden message).
        await engine.Client.CreateScheduledOrchestrationInstanceAsync(
            JourneyNames.Orchestrator, string.Empty, JourneyNames.InstanceId(leadId), new JourneyOrchestrationInput(null, started), DateTime.UtcNow.AddSeconds(15));
        var posted = await Api.PostLeadAsync(host.Client, new { email, firstName = "Ilze", country = "DE", employees = "800" });
        Assert.Equal(leadId, await Api.LeadIdAsync(posted));
        await HostFixture.Eventually(() => host.GetLeadAsync(leadId), l => l.Str("owner") is not null, "the lead stored and assigned");
        var pending = await engine.Instances.GetAsync(JourneyNames.InstanceId(leadId), CancellationToken.None);
        Assert.Equal(JourneyRuntimeStatus.Pending, pending!.Status); // its start is still hidden

        var booked = await host.Client.PostAsJsonAsync($"/api/leads/{leadId}/actions", new { type = "meeting_booked", id = "crm-hidden-1" });
        Assert.Equal(HttpStatusCode.Accepted, booked.StatusCode);

        var state = await HostFixture.Eventually(() => engine.Instances.GetAsync(JourneyNames.InstanceId(leadId), CancellationToken.None),
            i => i.State?.Stage == "initial-contact", "the journey to run and apply the meeting booked before it started", seconds: 60);
        Assert.Contains("crm-hidden-1", state.State!.SeenActionIds);
        var lead = await HostFixture.Eventually(() => host.GetLeadAsync(leadId), l => l.Str("stage") == "initial-contact", "the lead row to follow");
        Assert.NotNull(lead.Str("stage"));
    }
}
