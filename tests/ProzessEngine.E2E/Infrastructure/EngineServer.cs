using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ProzessEngine.E2E.Infrastructure;

/// <summary>The real host on a loopback port (Kestrel), on its own SQLite file, serving the built designer.</summary>
public sealed class EngineServer : WebApplicationFactory<Program>
{
    public const string ApiKey = "e2e-admin-key";

    private readonly string _databaseFile = Path.Combine(Path.GetTempPath(), $"prozessengine-e2e-{Guid.NewGuid():N}.db");

    private EngineServer(int port) => BaseAddress = new Uri($"http://127.0.0.1:{port}/");

    public Uri BaseAddress { get; }

    public static EngineServer Start()
    {
        var server = new EngineServer(FreePort());
        server.UseKestrel(server.BaseAddress.Port);
        server.StartServer();
        return server;
    }

    public HttpClient Api()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Engine:Database", "Sqlite");
        builder.UseSetting("ConnectionStrings:Engine", $"Data Source={_databaseFile}");
        builder.UseSetting("Engine:WorkflowsDirectory", "");
        builder.UseSetting("Engine:Auth:DevelopmentLogin", "true");
        builder.UseSetting("Engine:Auth:AllowDevelopmentLoginOutsideDevelopment", "true");
        builder.UseSetting("Engine:Auth:ApiKeys:0:Key", ApiKey);
        builder.UseSetting("Engine:Auth:ApiKeys:0:Name", "e2e");
        builder.UseSetting("Engine:Auth:ApiKeys:0:Roles:0", "admin");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _databaseFile, _databaseFile + "-wal", _databaseFile + "-shm" }.Where(File.Exists))
        {
            File.Delete(file);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
