using System.Net;

namespace FunnelAutomation.Host.Tests.Faults;

/// <summary>The lead-capture limiter (per remote IP, fixed window) holds a flood from one client: the excess gets
/// 429 with Retry-After, and once the window has passed the same client gets through again. On loopback every
/// client is 127.0.0.1, so "another client still gets through" is shown as "the next window admits requests"
/// (no forwarded-for header is trusted, on purpose).</summary>
public sealed class RateLimitTests(RateLimitedHost host) : IClassFixture<RateLimitedHost>
{
    [Fact]
    public async Task A_flood_gets_429_with_retry_after_and_the_next_window_admits_the_client_again()
    {
        const int flood = 40;
        var responses = await Task.WhenAll(Enumerable.Range(0, flood).Select(i =>
            Api.PostLeadAsync(host.Client, new { email = $"flood{i}@limit.test", country = "DE" })));

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        var admitted = responses.Count(r => r.StatusCode != HttpStatusCode.TooManyRequests);
        // A fixed window may roll over once during the burst, so at most two windows' worth are admitted.
        Assert.InRange(admitted, 1, 2 * RateLimitedHost.Limit);
        Assert.Equal(flood - admitted, limited.Count);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.TooManyRequests), r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        foreach (var response in limited)
        {
            var retryAfter = response.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(RateLimitedHost.WindowSeconds));
            var problem = await Api.ProblemAsync(response);
            Assert.Equal(429, problem.GetProperty("status").GetInt32());
        }

        // Honour Retry-After (the limiter runs on real time, not the Host's fake clock), then try again.
        await Task.Delay(limited[0].Headers.RetryAfter!.Delta!.Value + TimeSpan.FromMilliseconds(500));
        var after = await Api.PostLeadAsync(host.Client, new { email = "after-the-window@limit.test", country = "DE" });

        Assert.Equal(HttpStatusCode.Accepted, after.StatusCode);
    }
}
