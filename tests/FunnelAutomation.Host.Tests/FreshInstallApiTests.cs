using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunnelAutomation.Application;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelAutomation.Host.Tests;

/// <summary>A Host loaded with nothing but the shipped samples answers every read route sensibly.</summary>
public sealed class FreshInstallApiTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Theory]
    [InlineData("pipeline")]
    [InlineData("scoring")]
    [InlineData("routing")]
    [InlineData("sequence")]
    public async Task Every_seeded_configuration_kind_reads_back_although_the_samples_carry_comments(string kind)
    {
        var response = await host.Client.GetAsync($"/api/config/{kind}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var active = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(0, active.GetArrayLength());
        Assert.All(active.EnumerateArray(), d => Assert.Equal(kind, d.GetProperty("document").Str("kind")));
    }

    [Theory]
    [InlineData("target=100000000000000000000")] // 10^20: used to overflow in the plan (500)
    [InlineData("target=1000000000000000.01")]
    [InlineData("target=79228162514264337593543950336")] // one past decimal.MaxValue
    [InlineData("target=" + "9999999999999999999999999999999999999999")]
    [InlineData("target=1000&avgDeal=100000000000000000000")]
    public async Task An_out_of_range_reverse_funnel_amount_is_a_400_problem_naming_the_parameter_and_the_range(string numbers)
    {
        var field = numbers.Contains("avgDeal", StringComparison.Ordinal) ? "avgDeal" : "target";

        var response = await host.Client.GetAsync("/api/funnel/reverse?pipeline=b2b-standard&" + numbers);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Api.ProblemAsync(response);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray(), e => e.Str("field") == field);
        Assert.Contains("greater than 0 and at most 1,000,000,000,000,000", error.Str("reason"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/funnel")]
    [InlineData("/api/funnel?pipeline=")]
    [InlineData("/api/funnel/cohorts")]
    public async Task Funnel_routes_without_a_pipeline_use_the_default_pipeline(string path)
    {
        var defaultPipeline = host.Services.GetRequiredService<FunnelOptions>().DefaultPipeline;

        var response = await host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(defaultPipeline, report.Str("pipelineId"));
    }

    [Fact]
    public async Task The_reverse_funnel_without_a_pipeline_plans_on_the_default_pipeline()
    {
        // A fresh install has measured nothing, so the plan is refused, but for the default pipeline's stages, not for a missing pipeline.
        var response = await host.Client.GetAsync("/api/funnel/reverse?target=100000&avgDeal=25000");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = Api.ErrorFields(await Api.ProblemAsync(response)).ToList();
        Assert.DoesNotContain("pipeline", fields);
        Assert.Contains("$.stages[1]", fields);
    }
}
