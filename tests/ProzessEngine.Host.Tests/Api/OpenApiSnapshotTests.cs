using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Api;

/// <summary>
/// The designer's API types are generated from a snapshot of /openapi/v1.json committed in the designer. When an endpoint
/// changes, this test fails until the snapshot (and with it the designer's types and code) follows, so a changed
/// endpoint cannot silently break the designer.
/// </summary>
public sealed class OpenApiSnapshotTests : IAsyncLifetime
{
    /// <summary>Set to 1, the test writes the served document into the snapshot instead of comparing.</summary>
    public const string UpdateVariable = "PROZESS_UPDATE_OPENAPI_SNAPSHOT";

    private const string RefreshCommand = "cd designer && npm run api:refresh";

    private static readonly JsonSerializerOptions Written = new()
    {
        WriteIndented = true,
        // Readable diffs: summaries keep their quotes and angle brackets instead of \u0027 and \u003C.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly EngineApp _app = new(new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero)));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _app.DeleteDatabaseFile();
    }

    public static string SnapshotPath => Path.Combine(RepositoryRoot.Find(), "designer", "src", "shared", "api", "openapi.json");

    [Fact]
    public async Task The_designers_snapshot_is_the_served_openapi_document()
    {
        var served = Normalize(JsonNode.Parse(await _app.CreateClient().GetStringAsync("/openapi/v1.json"))!.AsObject());
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(SnapshotPath, served, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }

        Assert.True(File.Exists(SnapshotPath), $"{SnapshotPath} is missing. Make it with: {RefreshCommand}");
        var committed = (await File.ReadAllTextAsync(SnapshotPath)).ReplaceLineEndings("\n");
        if (committed != served)
        {
            Assert.Fail($"""
                The API changed: /openapi/v1.json differs from the designer's snapshot designer/src/shared/api/openapi.json.
                {Differences(JsonNode.Parse(committed)!.AsObject(), JsonNode.Parse(served)!.AsObject())}
                Refresh the snapshot and the designer's generated types with
                    {RefreshCommand}
                then check that the designer still builds (npm run build), adapt it where its types changed, and commit
                openapi.json and openapi.gen.ts with the change to the endpoint.
                """);
        }
    }

    /// <summary>
    /// The document as the snapshot keeps it: without <c>servers</c>, which name the address the host was called on
    /// (the test's differs from any real one), indented, with a final newline.
    /// </summary>
    private static string Normalize(JsonObject document)
    {
        document.Remove("servers");
        return document.ToJsonString(Written).ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>Which operations and schemas were added, removed or changed: enough to see what the designer must follow.</summary>
    private static string Differences(JsonObject committed, JsonObject served)
    {
        var lines = new List<string>();
        Compare("operation", Operations(committed), Operations(served), lines);
        Compare("schema", Members(committed["components"]?["schemas"]), Members(served["components"]?["schemas"]), lines);
        if (lines.Count == 0)
        {
            lines.Add("  (outside paths and schemas, e.g. info or tags)");
        }

        return string.Join("\n", lines);
    }

    private static void Compare(string what, Dictionary<string, JsonNode?> before, Dictionary<string, JsonNode?> after, List<string> lines)
    {
        foreach (var (name, node) in after.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!before.TryGetValue(name, out var old))
            {
                lines.Add($"  new {what}: {name}");
            }
            else if (!JsonNode.DeepEquals(old, node))
            {
                lines.Add($"  changed {what}: {name}");
            }
        }

        lines.AddRange(before.Keys.Where(name => !after.ContainsKey(name)).Order(StringComparer.Ordinal).Select(name => $"  removed {what}: {name}"));
    }

    private static Dictionary<string, JsonNode?> Operations(JsonObject document) =>
        Members(document["paths"])
            .SelectMany(path => Members(path.Value).Select(operation => ($"{operation.Key.ToUpperInvariant()} {path.Key}", operation.Value)))
            .ToDictionary(p => p.Item1, p => p.Value, StringComparer.Ordinal);

    private static Dictionary<string, JsonNode?> Members(JsonNode? node) =>
        node is JsonObject members ? members.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal) : [];
}
