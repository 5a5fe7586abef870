using System.Net;
using System.Text.Json;

namespace FunnelAutomation.Host.Tests;

/// <summary>The win-model routes on a fresh install (no closed leads): nothing is listed, training is refused
/// with a problem that says why, and activating or rolling back what does not exist is a 404 problem.</summary>
public sealed class WinModelApiTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Without_closed_leads_nothing_is_trained_and_nothing_can_be_activated()
    {
        var list = await host.Client.GetAsync("/api/models/win");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(0, JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetArrayLength());

        var train = await host.Client.PostAsync("/api/models/win/train", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, train.StatusCode);
        var problem = await Api.ProblemAsync(train);
        Assert.StartsWith("only 0 closed leads; training needs at least 10", problem.Str("detail"), StringComparison.Ordinal);

        var activate = await host.Client.PostAsync("/api/models/win/3/activate", null);
        Assert.Equal(HttpStatusCode.NotFound, activate.StatusCode);
        Assert.Equal("no win model version 3", (await Api.ProblemAsync(activate)).Str("detail"));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.PostAsync("/api/models/win/rollback", null)).StatusCode);
    }
}
