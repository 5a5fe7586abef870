using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FunnelAutomation.Host.Tests;

/// <summary>Settings are bound and checked when the Host starts: a bad one stops it, naming the setting.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Host:QueueLeaseSeconds", "0", "Host:QueueLeaseSeconds")]
    [InlineData("Host:MaxLeadBodyBytes", "-1", "MaxLeadBodyBytes")]
    [InlineData("extensions:queues:batchSize", "64", "batchSize")]
    public async Task A_bad_setting_stops_the_Host_at_start_naming_it(string key, string value, string named)
    {
        await using var app = FunnelHost.Build(["--urls", "http://127.0.0.1:0"], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Storage"] = "UseDevelopmentStorage=true", // never reached: validation comes first
            ["Host:RunBackgroundWork"] = "false",
            [key] = value,
        }));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
