using System.Globalization;
using System.Threading.RateLimiting;
using FunnelAutomation.Api;
using FunnelAutomation.Api.Dashboard;
using FunnelAutomation.Api.Leads;
using FunnelAutomation.Api.OpenApi;
using FunnelAutomation.Host.Infrastructure;
using FunnelAutomation.ServiceDefaults;
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
        builder.Services.AddFunnelApi(FunnelHostOptions.Section);
        builder.Services.AddOpenApi(FunctionKeySecurity.Configure);
        builder.Services.AddSingleton(sp => new DashboardFiles(sp.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider));
        builder.Services.AddFunnel(builder.Configuration);
        builder.Services.AddFunnelTelemetry(builder.Configuration, "funnelautomation-host");
        if (builder.Configuration.GetValue(FunnelHostOptions.Section + ":" + nameof(FunnelHostOptions.RunBackgroundWork), true))
        {
            builder.Services.AddFunnelBackgroundWork();
        }

        var hostOptions = builder.Configuration.GetSection(FunnelHostOptions.Section).Get<FunnelHostOptions>() ?? new FunnelHostOptions();
        var apiOptions = builder.Configuration.GetSection(FunnelHostOptions.Section).Get<ApiOptions>() ?? new ApiOptions();
        builder.Services.AddCors(cors => cors.AddPolicy(LeadsApi.CapturePolicy, policy => policy
            .WithOrigins(apiOptions.AllowedOrigins)
            .WithMethods("POST")
            .WithHeaders("Content-Type")));
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(LeadsApi.CapturePolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = hostOptions.LeadPostsPerMinute, Window = TimeSpan.FromSeconds(hostOptions.LeadPostWindowSeconds), QueueLimit = 0 }));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(hostOptions.LeadPostWindowSeconds)).ToString(CultureInfo.InvariantCulture);
                await Problems.TooManyRequests("This client sent too many leads; try again in a minute.").ExecuteAsync(context.HttpContext).ConfigureAwait(false);
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
        app.MapFunnelApi();
        return app;
    }

    /// <summary>Unhandled errors, mapped as on the Functions app (<see cref="ApiErrors"/>).</summary>
    private static Task HandleErrorAsync(HttpContext context) =>
        ApiErrors.ToResult(context.Features.Get<IExceptionHandlerFeature>()?.Error).ExecuteAsync(context);
}
