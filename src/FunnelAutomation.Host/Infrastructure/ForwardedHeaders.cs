using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace FunnelAutomation.Host.Infrastructure;

/// <summary>Behind a CDN or load balancer every post comes from the proxy's address, so the per-client limit on
/// lead capture would be one budget for all visitors. X-Forwarded-For names the client, but anyone can send it:
/// it is honoured only on connections from the proxies listed in <c>Host:TrustedProxies</c> (addresses such as
/// "203.0.113.7" or networks such as "10.0.0.0/8"). None listed (the default): the header is ignored.</summary>
public static class ForwardedHeaders
{
    public const string TrustedProxiesKey = FunnelHostOptions.Section + ":TrustedProxies";

    /// <summary>Puts the client address from X-Forwarded-For on the connection (before CORS and rate limiting).</summary>
    /// <exception cref="InvalidOperationException">An entry is neither an IP address nor a CIDR network.</exception>
    public static WebApplication UseTrustedForwardedHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var trusted = app.Configuration.GetSection(TrustedProxiesKey).Get<string[]>() ?? [];
        if (trusted.Length == 0)
        {
            return app;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor,
            // Walk back through the chain while the hop is a trusted proxy; the first other address is the client.
            ForwardLimit = null,
        };
        // The defaults trust loopback; only what is configured is trusted here.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in trusted.Select(t => t.Trim()).Where(t => t.Length > 0))
        {
            if (entry.Contains('/', StringComparison.Ordinal) && System.Net.IPNetwork.TryParse(entry, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else
            {
                throw new InvalidOperationException($"{TrustedProxiesKey}: \"{entry}\" is neither an IP address nor a network such as 10.0.0.0/8.");
            }
        }

        app.UseForwardedHeaders(options);
        return app;
    }
}
