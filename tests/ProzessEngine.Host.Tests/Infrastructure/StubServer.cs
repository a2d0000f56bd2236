using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ProzessEngine.Host.Tests.Infrastructure;

/// <summary>One request the stub received, as it arrived.</summary>
public sealed record StubRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// Kestrel on 127.0.0.1 with a free port: the other system a REST connector task calls. Each path answers through a
/// handler the test sets (404 otherwise); every request is kept, and a test can await the n-th one.
/// </summary>
public sealed class StubServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, StubRequest, Task>> _handlers = new(StringComparer.Ordinal);
    private readonly List<StubRequest> _requests = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiting = [];

    private StubServer(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public int Port => BaseAddress.Port;

    public IReadOnlyList<StubRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<StubServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new StubServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single() + "/");
        return server;
    }

    /// <summary>Answers requests to <paramref name="path"/> (any method) with the handler.</summary>
    public void On(string path, Func<HttpContext, StubRequest, Task> handler) => _handlers[path] = handler;

    /// <summary>Answers requests to <paramref name="path"/> with a status and a JSON body.</summary>
    public void Json(string path, int status, string json) => On(path, async (context, _) =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    });

    /// <summary>Completes once <paramref name="count"/> requests have arrived (30 s at most).</summary>
    public Task ReceivedAsync(int count)
    {
        lock (_requests)
        {
            if (_requests.Count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add((count, reached));
            return reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var request = new StubRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), await reader.ReadToEndAsync());
        lock (_requests)
        {
            _requests.Add(request);
            foreach (var waiter in _waiting.Where(w => _requests.Count >= w.Count))
            {
                waiter.Reached.TrySetResult();
            }
        }

        if (_handlers.TryGetValue(request.Path, out var handler))
        {
            await handler(context, request);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
