using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Persistence;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Security;

/// <summary>Penetration test, low (PostgreSQL): with the connection pool exhausted, requests answered 500.</summary>
public sealed class DatabaseBusyTests
{
    [Fact]
    public async Task An_exhausted_connection_pool_answers_503_with_Retry_After()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("poolexhausted");
        try
        {
            await using var app = new EngineApp(new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero)),
                postgresConnectionString: database + ";Maximum Pool Size=3;Timeout=1");
            var client = app.Admin();
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v2/process-instances/search", new { })).StatusCode);

            // Whoever else holds every connection of the node's pool (here: the test).
            var engineDatabase = app.Services.GetRequiredService<EngineDatabase>();
            var holders = new List<EngineDbContext>();
            try
            {
                for (var i = 0; i < 3; i++)
                {
                    var context = engineDatabase.CreateContext();
                    holders.Add(context);
                    await context.Database.OpenConnectionAsync();
                }

                var response = await client.PostAsJsonAsync("/v2/process-instances/search", new { });

                var problem = await EngineApp.ProblemAsync(response, 503);
                Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
                Assert.Contains("database", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            }
            finally
            {
                foreach (var holder in holders)
                {
                    await holder.DisposeAsync();
                }
            }

            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v2/process-instances/search", new { })).StatusCode);
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }
}
