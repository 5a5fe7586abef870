using System.Net;
using System.Text;

namespace FunnelAutomation.Host.Tests;

/// <summary>Issue 18: the per-client limit on lead posts counted the proxy's address, so every visitor behind one
/// CDN shared one budget. X-Forwarded-For now names the client, but only when the connection comes from a proxy
/// listed in Host:TrustedProxies; anyone else could forge the header to dodge the limit.</summary>
public sealed class ForwardedHeadersTests
{
    public const int Limit = 3;

    /// <summary>Posts <c>{}</c> (a 400, but it spends a permit: the limiter runs before the handler).</summary>
    internal static async Task<HttpStatusCode> PostAsAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/leads") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    internal static async Task<List<HttpStatusCode>> PostManyAsync(HttpClient client, string forwardedFor, int count)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            statuses.Add(await PostAsAsync(client, forwardedFor));
        }

        return statuses;
    }

    public sealed class FromATrustedProxy(TrustedProxyHost host) : IClassFixture<TrustedProxyHost>
    {
        [Fact]
        public async Task Each_forwarded_client_gets_its_own_budget()
        {
            var first = await PostManyAsync(host.Client, "198.51.100.1", Limit + 1);
            var second = await PostManyAsync(host.Client, "203.0.113.9, 198.51.100.2", Limit);

            Assert.DoesNotContain(HttpStatusCode.TooManyRequests, first.Take(Limit));
            Assert.Equal(HttpStatusCode.TooManyRequests, first[^1]);
            Assert.DoesNotContain(HttpStatusCode.TooManyRequests, second); // 198.51.100.2, the address our proxy saw
        }
    }

    public sealed class FromAnUntrustedClient(UntrustedProxyHost host) : IClassFixture<UntrustedProxyHost>
    {
        [Fact]
        public async Task A_forged_header_does_not_buy_a_new_budget()
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i <= Limit; i++)
            {
                statuses.Add(await PostAsAsync(host.Client, $"198.51.100.{i + 1}"));
            }

            Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(Limit));
            Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        }
    }
}

/// <summary>A Host with a small lead-post limit and a long window (no refill lands mid-test), trusting these proxies.</summary>
public abstract class RateLimitedHost(params string[] trustedProxies) : HostFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => new Dictionary<string, string?>
    {
        ["Host:LeadPostsPerMinute"] = ForwardedHeadersTests.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Host:LeadPostWindowSeconds"] = "3600",
        ["Host:RunBackgroundWork"] = "false",
    }.Concat(trustedProxies.Select((proxy, i) => KeyValuePair.Create($"Host:TrustedProxies:{i}", (string?)proxy)));
}

/// <summary>The test client connects from 127.0.0.1, listed as a trusted proxy.</summary>
public sealed class TrustedProxyHost() : RateLimitedHost("10.20.0.0/16", "127.0.0.1");

/// <summary>Only 10.20.0.0/16 is trusted: the test client at 127.0.0.1 is not a proxy, whatever its headers say.</summary>
public sealed class UntrustedProxyHost() : RateLimitedHost("10.20.0.0/16");
