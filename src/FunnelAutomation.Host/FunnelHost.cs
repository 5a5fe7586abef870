using System.Globalization;
using System.Threading.RateLimiting;
using FunnelAutomation.Host.Analytics;
using FunnelAutomation.Host.Configuration;
using FunnelAutomation.Host.Email;
using FunnelAutomation.Host.Infrastructure;
using FunnelAutomation.Host.Leads;
using FunnelAutomation.Host.Privacy;
using FunnelAutomation.Host.Reps;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace FunnelAutomation.Host;

/// <summary>Builds the local runtime. Tests call <see cref="Build"/> with overrides (a fake clock, a
/// storage prefix) and run it on a real port.</summary>
public static class FunnelHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);

        // host.json is the Functions host's settings file; the Host reads the same values (task hub, queues), first
        // in order so appsettings, the environment and tests can still override them.
        var hostJson = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            Path = Path.Combine(AppContext.BaseDirectory, "host.json"),
            Optional = true,
        };
        hostJson.ResolveFileProvider(); // an absolute path needs a provider rooted at its folder
        builder.Configuration.Sources.Insert(0, hostJson);
        configure?.Invoke(builder); // first, so overrides (configuration, a fake clock) are seen by everything below
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 8 * 1024 * 1024);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddFunnel(builder.Configuration);
        if (builder.Configuration.GetValue(FunnelHostOptions.Section + ":" + nameof(FunnelHostOptions.RunBackgroundWork), true))
        {
            builder.Services.AddFunnelBackgroundWork();
        }

        var hostOptions = builder.Configuration.GetSection(FunnelHostOptions.Section).Get<FunnelHostOptions>() ?? new FunnelHostOptions();
        builder.Services.AddCors(cors => cors.AddPolicy(LeadEndpoints.CapturePolicy, policy => policy
            .WithOrigins(hostOptions.AllowedOrigins)
            .WithMethods("POST")
            .WithHeaders("Content-Type")));
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(LeadEndpoints.CapturePolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = hostOptions.LeadPostsPerMinute, Window = TimeSpan.FromSeconds(hostOptions.LeadPostWindowSeconds), QueueLimit = 0 }));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(hostOptions.LeadPostWindowSeconds)).ToString(CultureInfo.InvariantCulture);
                await Results.Problem(type: "https://funnelautomation.dev/problems/rate-limited", title: "Too many requests",
                    statusCode: StatusCodes.Status429TooManyRequests, detail: "This client sent too many leads; try again in a minute.")
                    .ExecuteAsync(context.HttpContext).ConfigureAwait(false);
            };
        });
        var app = builder.Build();
        app.UseExceptionHandler(handler => handler.Run(HandleErrorAsync));
        app.UseTrustedForwardedHeaders();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseCors();
        app.UseRateLimiter();

        app.MapOpenApi();
        app.MapScalarApiReference("/docs");
        app.MapLeadEndpoints();
        app.MapRepEndpoints();
        app.MapConfigEndpoints();
        app.MapPrivacyEndpoints();
        app.MapWebhookEndpoints();
        app.MapAnalyticsEndpoints();
        app.MapGet("/api/health", () => Results.Ok(new { status = "ok" })).AllowAnonymous();
        return app;
    }

    /// <summary>Unhandled errors: storage unreachable becomes 503 with Retry-After (nothing was accepted,
    /// the client may retry); a body that fails to parse is 400; anything else a plain 500 problem.</summary>
    private static async Task HandleErrorAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var result = error switch
        {
            _ when IsTransient(error) => Problems.Unavailable("Storage is unreachable right now; nothing was stored. Retry shortly.", 5),
            BadHttpRequestException bad => Results.Problem(type: "https://funnelautomation.dev/problems/bad-request", title: "Bad request",
                statusCode: bad.StatusCode, detail: "The request could not be read."),
            // Form parsing (bad escapes, NUL, missing multipart boundary, key too long) throws this, not BadHttpRequestException.
            InvalidDataException => Results.Problem(type: "https://funnelautomation.dev/problems/bad-request", title: "Bad request",
                statusCode: StatusCodes.Status400BadRequest, detail: "The request could not be read."),
            _ => Results.Problem(title: "Unexpected error", statusCode: StatusCodes.Status500InternalServerError),
        };
        await result.ExecuteAsync(context).ConfigureAwait(false);
    }

    // The Azure SDK gives up on an unreachable endpoint with an AggregateException of its attempts.
    private static bool IsTransient(Exception? error) => error switch
    {
        global::Azure.RequestFailedException { Status: 0 or >= 500 } or HttpRequestException or TimeoutException or TaskCanceledException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransient),
        _ => false,
    };
}
