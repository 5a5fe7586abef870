using System.Net;
using Microsoft.Extensions.Logging;

namespace FunnelAutomation.Host.Tests.Faults;

/// <summary>Personal data stays out of the logs at the shipped levels, and out of every span and metric tag: leads
/// with distinctive names and emails go all the way through intake, scoring, routing and the welcome email (one is
/// then erased, whose route names the address), and none of those strings appears in any Information-or-higher log
/// message or its structured state, in any span's name, tags or events, or in any tag of the product's metrics.</summary>
public sealed class LogPrivacyTests(FuzzHost host) : IClassFixture<FuzzHost>
{
    [Fact]
    public async Task No_email_address_or_name_reaches_an_information_log()
    {
        var people = Enumerable.Range(0, 4).Select(i => (
            Email: $"zq-privacy-{i}@xylophone-{i}.test",
            First: $"Quillonia{i}",
            Last: $"Vexmarrow{i}",
            Company: $"Zorblatt Holdings {i}")).ToList();

        var ids = new List<string>();
        foreach (var p in people)
        {
            var response = await Api.PostLeadAsync(host.Client, new
            {
                email = p.Email, firstName = p.First, lastName = p.Last, company = p.Company, country = "DE", employees = 800, industry = "software",
            });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            ids.Add(await Api.LeadIdAsync(response));
        }

        // Wait for the whole path: stored, scored, assigned, welcome email in the outbox.
        await HostFixture.Eventually(async () => await host.Storage.SentEmails.ListOutboxAsync(500),
            outbox => people.All(p => outbox.Any(e => string.Equals(e.To, p.Email, StringComparison.OrdinalIgnoreCase))),
            "a welcome email for every lead", seconds: 90);
        // A bad action and an unknown-lead action exercise warning paths too.
        await Api.PostRawAsync(host.Client, $"/api/leads/{ids[0]}/actions", "{\"type\": \"teleported\"}");
        await Api.PostRawAsync(host.Client, "/api/leads", "{\"email\": \"" + people[1].Email + "\", \"employees\": \"lots\"}");

        var erased = await host.Client.DeleteAsync($"/api/people/{Uri.EscapeDataString(people[3].Email)}");
        Assert.True(erased.IsSuccessStatusCode, $"erasure answered {(int)erased.StatusCode}");
        await HostFixture.Eventually(() => Task.FromResult<List<System.Diagnostics.Activity>?>(host.Telemetry.Spans.Snapshot()),
            spans => spans.Any(s => s.Kind == System.Diagnostics.ActivityKind.Server && s.GetTagItem("http.request.method") as string == "DELETE"), "the erasure's span");

        var entries = host.Logs.Entries.Where(e => e.Level >= LogLevel.Information).ToList();
        Assert.NotEmpty(entries); // the capture works: the Host logs something at Information while it works
        var secrets = people.SelectMany(p => new[] { p.Email, Uri.EscapeDataString(p.Email), p.Email.Split('@')[0], p.First, p.Last, p.Company }).ToList();
        bool Leaks(string? text) => text is not null && secrets.Any(s => text.Contains(s, StringComparison.OrdinalIgnoreCase));
        var leaks = entries.Where(e => Leaks(e.Text)).Select(e => $"[{e.Level}] {e.Category}: {e.Text}").ToList();
        Assert.True(leaks.Count == 0, "personal data in logs:\n" + string.Join("\n", leaks.Take(5)));

        var spans = host.Telemetry.Spans.Snapshot();
        Assert.Contains(spans, s => s.DisplayName == "lead intake" && ids.Contains(s.GetTagItem("funnel.lead_id") as string ?? "")); // the capture works
        var spanLeaks = spans
            .SelectMany(s => new[] { s.DisplayName, s.StatusDescription }
                .Concat(s.TagObjects.Select(t => $"{t.Key}={t.Value}"))
                .Concat(s.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}: {t.Key}={t.Value}").Append(e.Name)))
                .Where(Leaks)
                .Select(text => $"{s.DisplayName}: {text}"))
            .ToList();
        Assert.True(spanLeaks.Count == 0, "personal data in spans:\n" + string.Join("\n", spanLeaks.Take(5)));

        var measurements = host.Telemetry.Measurements.ToList();
        Assert.Contains(measurements, m => m.Instrument == "funnel.leads.accepted"); // the capture works
        var metricLeaks = measurements.SelectMany(m => m.Tags.Select(t => $"{m.Instrument} {t.Key}={t.Value}")).Where(Leaks).ToList();
        Assert.True(metricLeaks.Count == 0, "personal data in metric tags:\n" + string.Join("\n", metricLeaks.Take(5)));
    }
}
