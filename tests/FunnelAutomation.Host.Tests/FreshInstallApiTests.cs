using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

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
}
