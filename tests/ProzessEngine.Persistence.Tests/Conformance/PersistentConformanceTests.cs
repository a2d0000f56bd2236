using System.Diagnostics;
using ProzessEngine.Testing.Conformance;
using Xunit.Abstractions;

namespace ProzessEngine.Persistence.Tests.Conformance;

/// <summary>
/// Runs every conformance model (ProzessEngine.Testing/Conformance/Models) through <see cref="InstanceCommands"/> on a real
/// database and compares what it observes with the in-memory reference engine running the same script. Written once,
/// run against SQLite and PostgreSQL (the two subclasses at the end); each model gets a fresh database.
/// </summary>
public abstract class PersistentConformanceTests(ConformanceDatabases databases, ITestOutputHelper output)
{
    protected abstract DatabaseProvider Provider { get; }

    public static TheoryData<string> Cases() => [.. ConformanceCase.Names()];

    [Fact]
    public void Every_model_is_run_and_every_known_difference_names_a_model()
    {
        var names = ConformanceCase.Names().ToHashSet(StringComparer.Ordinal);
        Assert.True(names.Count >= 80, $"only {names.Count} conformance models were copied to the output");
        Assert.All(KnownDifferences.All.Keys, name => Assert.Contains(name, names));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Model_behaves_on_the_persistent_path_as_in_memory(string name)
    {
        var test = ConformanceCase.Load(name);
        var database = await databases.CreateAsync(Provider);
        var watch = Stopwatch.StartNew();
        try
        {
            var run = new PersistentConformanceRun(test, database);
            if (KnownDifferences.All.TryGetValue(name, out var reason))
            {
                var difference = await Record.ExceptionAsync(run.RunAsync);
                Assert.True(difference is not null, $"{name} is listed in KnownDifferences.txt ({reason}) but now behaves the same: remove the entry.");
                output.WriteLine($"known difference ({reason}): {difference.Message}");
                return;
            }

            await run.RunAsync();
            if (run.JournalInterleavingDiffered)
            {
                output.WriteLine("The journal interleaves instances differently from the script; each instance's own order matches.");
            }
        }
        finally
        {
            output.WriteLine($"{Provider} {name}: {watch.ElapsedMilliseconds} ms");
            await ConformanceDatabases.ReleaseAsync(database);
        }
    }
}

public sealed class SqlitePersistentConformanceTests(ConformanceDatabases databases, ITestOutputHelper output)
    : PersistentConformanceTests(databases, output), IClassFixture<ConformanceDatabases>
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgreSqlPersistentConformanceTests(ConformanceDatabases databases, ITestOutputHelper output)
    : PersistentConformanceTests(databases, output), IClassFixture<ConformanceDatabases>
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
