using System.Globalization;
using Microsoft.Data.Sqlite;
using ProzessEngine.Core;
using ProzessEngine.Feel;
using ProzessEngine.Persistence;

namespace ProzessEngine.Benchmarks.Engine;

/// <summary>
/// What waiting instances cost the host once they are persisted: starts the usertask model N times on SQLite without
/// completing a task, and compares the managed heap (after full, compacting collections) before and after.
/// </summary>
internal static class ParkBenchmark
{
    public static async Task RunAsync(int instances)
    {
        var file = Path.Combine(Path.GetTempPath(), $"prozessengine-park-{Guid.NewGuid():N}.db");
        try
        {
            await using var database = new EngineDatabase(DatabaseProvider.Sqlite, $"Data Source={file}");
            await database.MigrateAsync();
            var engine = new BenchEngine(database);
            await engine.Deployments.DeployAsync([new DeploymentResource("usertask.bpmn", File.ReadAllBytes(EngineBenchmark.ModelPath("usertask")))],
                DeploymentService.DefaultTenant, "bench");
            await StartAsync(engine, 200);
            engine.Tasks.Clear();
            var before = Heap();

            await StartAsync(engine, instances);
            engine.Tasks.Clear();
            var after = Heap();

            Console.WriteLine();
            Console.WriteLine($"Parked on SQLite: {instances:N0} usertask instances waiting at their task");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"managed heap before {before / 1024.0:N0} KB, after {after / 1024.0:N0} KB, per waiting instance {(after - before) / (double)instances:N1} bytes"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { file, file + "-wal", file + "-shm" }.Where(File.Exists))
            {
                File.Delete(path);
            }
        }
    }

    private static async Task StartAsync(BenchEngine engine, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await engine.Commands.StartAsync("usertask", null, null, DeploymentService.DefaultTenant, [new("antrag", FeelValue.FromNumber(i))],
                CommandActor.System("bench"));
        }
    }

    private static long Heap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
