using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FunnelAutomation.Azure.Tests.Email;

/// <summary>A local stand-in for api.sendgrid.com (Kestrel on 127.0.0.1, a free port): records every
/// POST /v3/mail/send and answers the scripted statuses, then 202 with an X-Message-Id.</summary>
internal sealed class FakeSendGridServer : IAsyncDisposable
{
    private WebApplication _app = null!;
    private readonly ConcurrentQueue<int> _script = new();
    private readonly List<CapturedRequest> _requests = [];


    /// <summary>"http://127.0.0.1:{port}" (for SendGridClientOptions.Host).</summary>
    public string Host { get; private set; } = "";

    public IReadOnlyList<CapturedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeSendGridServer> StartAsync(params int[] script)
    {
        var server = new FakeSendGridServer();
        foreach (var status in script)
        {
            server._script.Enqueue(status);
        }

        (server._app, server.Host) = await LoopbackServer.StartAsync(app => app.MapPost("/v3/mail/send", server.HandleAsync));
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        int count;
        lock (_requests)
        {
            _requests.Add(new CapturedRequest(body, context.Request.Headers.Authorization.ToString(), context.Request.ContentType));
            count = _requests.Count;
        }

        var status = _script.TryDequeue(out var scripted) ? scripted : StatusCodes.Status202Accepted;
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status202Accepted)
        {
            context.Response.Headers["X-Message-Id"] = $"local-msg-{count}";
            return;
        }

        if (status == StatusCodes.Status429TooManyRequests)
        {
            context.Response.Headers.RetryAfter = "0";
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""{"errors":[{"message":"scripted {{status}}","field":null}]}""");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record CapturedRequest(string Body, string Authorization, string? ContentType);
