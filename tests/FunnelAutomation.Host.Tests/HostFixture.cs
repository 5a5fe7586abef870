using System.Net.Http.Json;
using System.Text.Json;
using FunnelAutomation.Azure;
using FunnelAutomation.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelAutomation.Host.Tests;

/// <summary>A real Azurite and the real Host on a free port, driven over real HTTP, journeys on the real Durable
/// Task engine. The Host's clock is a fake one that starts at the real time: durable timers
/// fire on the engine's (real) clock, so what moves the fake clock is only what the Host itself times (analytics,
/// stalled leads); journey waits are made short in configuration instead. Email may go out at any hour, so a test
/// does not depend on when it runs.</summary>
public class HostFixture() : TestHost(Key, Start)
{
    public const string Key = "test-function-key";

    public static readonly DateTimeOffset Start = TestSupport.TestHostSettings.Now();

    /// <summary>Settings every test Host gets (see <see cref="TestSupport.TestHostSettings.AnyTimeEmail"/>).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> AnyTimeEmail => TestSupport.TestHostSettings.AnyTimeEmail;

    /// <summary>The key pair standing in for SendGrid's webhook signing key; the Host gets the public half.</summary>
    public System.Security.Cryptography.ECDsa WebhookKey { get; } = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);

    public FunnelStorage Storage => Services.GetRequiredService<FunnelStorage>();

    /// <summary>Messages on a logical queue (e.g. leads-intake), the invisible ones being processed included.</summary>
    public async Task<int> QueueLengthAsync(string logicalName) =>
        (await new global::Azure.Storage.Queues.QueueClient(Azurite.ConnectionString, Storage.Names.Queue(logicalName)).GetPropertiesAsync()).Value.ApproximateMessagesCount;

    /// <summary>Service overrides of a fixture that needs them; registered before the Host's own.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    protected override void Configure(WebApplicationBuilder builder)
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Host:MaxLeadBodyBytes"] = "4096",
            ["SendGrid:WebhookPublicKey"] = Convert.ToBase64String(WebhookKey.ExportSubjectPublicKeyInfo()),
        });
        ConfigureServices(builder.Services);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        WebhookKey.Dispose();
    }

    /// <summary>Polls until <paramref name="check"/> holds — background work (queues, journeys) is
    /// asynchronous. Gives up after a generous bound and says what it waited for.</summary>
    public static async Task<T> Eventually<T>(Func<Task<T?>> probe, Func<T, bool> check, string what, int seconds = 45)
    {
        T? last = default;
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            last = await probe();
            if (last is not null && check(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        var seen = JsonSerializer.Serialize(last);
        throw new Xunit.Sdk.XunitException($"Timed out waiting for: {what}. Last seen: {(seen.Length > 400 ? seen[..400] + "…" : seen)}");
    }

    /// <summary>The JSON flavour of <see cref="Eventually{T}"/>: waits for a document (e.g. a lead) that satisfies the check.</summary>
    public static async Task<JsonElement> Eventually(Func<Task<JsonElement?>> probe, Func<JsonElement, bool> check, string what)
    {
        var found = await Eventually<JsonElement[]>(async () => await probe() is { } element ? [element] : null, e => check(e[0]), what);
        return found[0];
    }

    public async Task<JsonElement?> GetLeadAsync(string id)
    {
        var response = await Client.GetAsync($"/api/leads/{id}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
    }

    public async Task<JsonElement> OutboxAsync() => await Client.GetFromJsonAsync<JsonElement>("/api/outbox?take=500");

    /// <summary>Moves the Host's clock and lets the timer sweeper and listeners catch up.</summary>
    public void Advance(TimeSpan by) => Clock.Advance(by);

    /// <summary>Sets the Host's clock to <paramref name="by"/> past the real time now (never backwards): for ages
    /// measured against what storage stamps with its real clock (a queue message's insertion time), which a fixture
    /// started minutes earlier in the run would otherwise lag behind.</summary>
    public void AdvancePastRealTime(TimeSpan by)
    {
        var target = DateTimeOffset.UtcNow + by;
        if (target > Clock.GetUtcNow())
        {
            Clock.SetUtcNow(target);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class UsesHost : ICollectionFixture<HostFixture>
{
    public const string Name = "Host";
}
