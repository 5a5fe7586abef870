using System.Net.Http.Json;
using System.Text.Json;

namespace FunnelAutomation.Host.Tests;

/// <summary>An untouched lead is reassigned after its SLA. The SLA is a durable timer on the engine's real clock,
/// so this Host's SLA is a few seconds instead of four hours.</summary>
public sealed class SlaReassignmentTests(ShortSlaHost host) : IClassFixture<ShortSlaHost>
{
    [Fact]
    public async Task An_untouched_lead_is_reassigned_after_its_sla_and_the_manager_is_told()
    {
        var created = await Api.PostLeadAsync(host.Client, new { email = "slow@fjord-maritime.no", firstName = "Ola", country = "DE", employees = "3000" });
        var id = await Api.LeadIdAsync(created);
        var assigned = await HostFixture.Eventually(() => host.GetLeadAsync(id), l => l.Str("owner") is not null, "the first assignment");
        var first = assigned.Str("owner");

        var reassigned = await HostFixture.Eventually(() => host.GetLeadAsync(id), l => l.Str("owner") != first, "the reassignment");
        Assert.Contains(reassigned.GetProperty("routing").EnumerateArray(), r => r.GetString()!.Contains("missed", StringComparison.Ordinal));
        var outbox = await host.OutboxAsync();
        Assert.Contains(outbox.EnumerateArray(), m => m.Str("subject")!.StartsWith("SLA missed", StringComparison.Ordinal));
    }
}

/// <summary>A lost lead is re-engaged after the quiet period and reopened by a click (the quiet period is a few
/// seconds in this Host: it is a durable timer on the real clock).</summary>
public sealed class ReactivationTests(Journeys.QuickSequencesHost host) : IClassFixture<Journeys.QuickSequencesHost>
{
    [Fact]
    public async Task A_lost_lead_is_reactivated_after_its_quiet_period_and_reopened_by_a_click()
    {
        const string email = "later@andes-mining.cl";
        var created = await Api.PostLeadAsync(host.Client, new { email, firstName = "Rosa", country = "DE" });
        var id = await Api.LeadIdAsync(created);
        await HostFixture.Eventually(() => host.GetLeadAsync(id), l => l.Str("owner") is not null, "the assignment");
        await host.Client.PostAsJsonAsync($"/api/leads/{id}/actions", new { type = "deal_lost", reason = "competitor", id = "crm-lost-1" });
        await HostFixture.Eventually(() => host.GetLeadAsync(id), l => l.Str("status") == "lost", "the loss");
        await HostFixture.Eventually(() => host.GetLeadAsync(id), l => l.GetProperty("journey").ValueKind == System.Text.Json.JsonValueKind.Object
            && (l.GetProperty("journey").Str("reactivateAt") is not null || l.GetProperty("journey").Str("activeSequence") == "win-back"), "the journey to set its reactivation time");

        // On a timeout the report names the lead's journey too (where the reactivation stands), not only the mails.
        await HostFixture.Eventually(async () => new
            {
                Journey = (await host.GetLeadAsync(id))?.GetProperty("journey"),
                Mails = Api.OutboxTo(await host.OutboxAsync(), email).Select(m => m.Str("subject")).ToList(),
            },
            seen => seen.Mails.Any(subject => subject!.Contains("a lot has changed", StringComparison.Ordinal)), "the win-back email");
        await host.Client.PostAsJsonAsync($"/api/leads/{id}/actions", new { type = "email_clicked", id = "sg-click-1", url = "https://example.com/new" });

        var reopened = await HostFixture.Eventually(() => host.GetLeadAsync(id), l => l.Str("status") == "open", "the reopen");
        var last = reopened.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("lost", "reactivation"), (last.Str("from"), last.Str("cause")));
        Assert.NotNull(reopened.Str("owner"));
    }
}

/// <summary>A Host whose rep SLA is about five seconds.</summary>
public sealed class ShortSlaHost : HostFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => new Dictionary<string, string?>
    {
        ["Funnel:RepSlaHours"] = (5.0 / 3600).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
