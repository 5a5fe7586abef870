using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FunnelAutomation.Browser.Tests;

/// <summary>The analytics endpoints over plain HTTP: auth, problem details for bad input, and answers that
/// agree with the stored leads.</summary>
[Collection(UsesDashboard.Name)]
public sealed class AnalyticsApiTests(DashboardHost host)
{
    [Theory]
    [InlineData("/api/funnel?pipeline=b2b-standard")]
    [InlineData("/api/funnel/cohorts?pipeline=b2b-standard")]
    [InlineData("/api/funnel/reverse?pipeline=b2b-standard&target=1000")]
    [InlineData("/api/analytics/sequences")]
    [InlineData("/api/reps/workload")]
    public async Task Every_analytics_route_needs_the_function_key(string path)
    {
        using var anonymous = new HttpClient { BaseAddress = host.BaseAddress };

        var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/funnel/rebuild", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "code=" + DashboardHost.Key)).StatusCode);
    }

    [Theory]
    [InlineData("target=abc", "target")]
    [InlineData("target=-5", "target")]
    [InlineData("", "target")]
    [InlineData("target=1000&avgDeal=lots", "avgDeal")]
    public async Task A_bad_reverse_funnel_number_is_a_400_problem_naming_the_field(string numbers, string field)
    {
        var response = await host.Client.GetAsync("/api/funnel/reverse?pipeline=b2b-standard&" + numbers);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Contains(field, Fields(problem));
    }

    [Theory]
    [InlineData("pipeline=nope", "pipeline")]
    [InlineData("pipeline=b2b-standard&from=2026-13", "from")]
    [InlineData("pipeline=b2b-standard&from=2026-05&to=2026-01", "from")]
    [InlineData("pipeline=b2b-standard&grade=Z", "grade")]
    public async Task Bad_funnel_filters_are_400_problems_naming_the_parameter(string query, string field)
    {
        var response = await host.Client.GetAsync("/api/funnel?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, Fields(await ProblemAsync(response)));
    }

    [Fact]
    public async Task The_funnel_counts_posted_leads_and_a_rebuild_reproduces_it()
    {
        var id = await host.PostLeadAsync($"api.{Guid.NewGuid():N}@counting.de");
        await host.WaitForProcessedAsync(id);
        // Leads other tests posted may still be in flight; compare once the funnel has stopped moving.
        var before = await QuietFunnelAsync();
        Assert.Equal(host.Clock.GetUtcNow().ToString("yyyy-MM", CultureInfo.InvariantCulture), before.GetProperty("query").GetProperty("to").GetString());
        Assert.True(DashboardHost.Reached(before, "prospect") >= 1);

        var rebuild = await host.Client.PostAsync("/api/funnel/rebuild", null);

        Assert.Equal(HttpStatusCode.OK, rebuild.StatusCode);
        var result = await rebuild.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(result.GetProperty("leadsRead").GetInt64() >= DashboardHost.Reached(before, "prospect"));
        var after = await host.FunnelAsync();
        foreach (var stage in before.GetProperty("stages").EnumerateArray())
        {
            Assert.Equal(stage.GetProperty("reached").GetInt64(), DashboardHost.Reached(after, stage.GetProperty("stageId").GetString()!));
        }

        Assert.Equal(before.GetProperty("open").GetInt64(), after.GetProperty("open").GetInt64());
    }

    [Fact]
    public async Task Cohorts_split_by_month_and_source()
    {
        var id = await host.PostLeadAsync($"cohort.{Guid.NewGuid():N}@months.de");
        await host.WaitForProcessedAsync(id);

        var lead = await host.GetLeadAsync(id);
        var created = lead.GetProperty("createdAt").GetDateTimeOffset().ToString("yyyy-MM", CultureInfo.InvariantCulture);

        var cohorts = await host.Client.GetFromJsonAsync<JsonElement>($"/api/funnel/cohorts?pipeline=b2b-standard&from=2026-01&to={created}");

        var months = cohorts.GetProperty("byMonth").EnumerateArray().ToList();
        var march = months.Single(m => m.GetProperty("cohort").GetString() == created);
        Assert.True(march.GetProperty("entered").GetInt64() >= 1);
        Assert.Equal(cohorts.GetProperty("stageIds").GetArrayLength(), march.GetProperty("reached").GetArrayLength());
    }

    [Fact]
    public async Task Workload_lists_each_rep_with_open_leads_against_capacity()
    {
        var id = await host.PostLeadAsync($"owner.{Guid.NewGuid():N}@workload.de");
        var lead = await host.WaitForLeadAsync(id, l => DashboardHost.Str(l, "owner") is not null, "the lead to be assigned");
        var owner = lead.GetProperty("owner").GetString()!;
        var owned = await host.Client.GetFromJsonAsync<JsonElement>($"/api/reps/{owner}/leads");

        var workload = await host.Client.GetFromJsonAsync<JsonElement>("/api/reps/workload");

        var row = workload.EnumerateArray().Single(r => r.GetProperty("repId").GetString() == owner);
        Assert.Equal(owned.EnumerateArray().Count(l => l.GetProperty("status").GetString() == "open"),
            row.GetProperty("openLeads").GetInt32());
        Assert.True(row.GetProperty("openLeads").GetInt32() >= 1);
        Assert.True(row.GetProperty("maxOpenLeads").GetInt32() > 0);
        Assert.True(row.GetProperty("available").GetBoolean());
    }

    [Fact]
    public async Task Sequence_performance_counts_the_welcome_email()
    {
        var email = $"seq.{Guid.NewGuid():N}@mail-perf.de";
        await host.PostLeadAsync(email);

        // Other tests move the clock; a weekend or night puts the welcome email behind the send window, so
        // time moves on (at most three days) until it is sent.
        var latest = host.Clock.GetUtcNow().AddDays(3);
        await DashboardHost.Eventually(
            async () =>
            {
                var outbox = await host.Client.GetFromJsonAsync<JsonElement>("/api/outbox?take=500");
                if (host.Clock.GetUtcNow() < latest)
                {
                    host.Clock.Advance(TimeSpan.FromMinutes(30));
                }

                return outbox;
            },
            o => o.EnumerateArray().Any(m => string.Equals(m.GetProperty("to").GetString(), email, StringComparison.OrdinalIgnoreCase)),
            "the welcome email");

        var performance = await host.Client.GetFromJsonAsync<JsonElement>("/api/analytics/sequences?sequence=welcome-nurture");

        var nurture = Assert.Single(performance.EnumerateArray());
        Assert.Equal("welcome-nurture", nurture.GetProperty("sequenceId").GetString());
        Assert.True(nurture.GetProperty("totals").GetProperty("sent").GetInt64() >= 1);
        Assert.Equal("welcome", nurture.GetProperty("steps")[0].GetProperty("stepId").GetString());
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<string> Fields(JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()!)];

    /// <summary>The funnel once two reads half a second apart agree (at most 30 s), so no lead is still on its way.</summary>
    private async Task<JsonElement> QuietFunnelAsync()
    {
        var last = await host.FunnelAsync();
        for (var attempt = 0; attempt < 60; attempt++)
        {
            await Task.Delay(500);
            var next = await host.FunnelAsync();
            if (next.GetProperty("stages").GetRawText() == last.GetProperty("stages").GetRawText() && next.GetProperty("open").GetInt64() == last.GetProperty("open").GetInt64())
            {
                return next;
            }

            last = next;
        }

        throw new Xunit.Sdk.XunitException("The funnel kept changing for 30 s; last read: " + last.GetRawText());
    }
}
