using BenchmarkDotNet.Running;
using ProzessEngine.Benchmarks.Corpus;
using ProzessEngine.Benchmarks.Dmn;
using ProzessEngine.Benchmarks.Engine;

// Usage: dotnet run -c Release --project tests/ProzessEngine.Benchmarks -- <suite> [options]
//   feel [BenchmarkDotNet args]   FEEL micro-benchmarks (BenchmarkDotNet, with MemoryDiagnoser)
//   engine [memory] [postgres] [--instances N] [--warmup N] [--concurrency N]
//                                 the bench models (Models/) in memory and on PostgreSQL
//   engine decision [--runs N]     straight with and without a business rule task on PostgreSQL, medians of N runs
//   engine park [--instances N]    what N persisted waiting instances cost the host's heap
//   engine runaway [--items N] [--rounds N] [--per-command N]
//                                 a large multi-instance and a long script loop under Engine:Limits (memory, SQLite)
//   engine timer-burst [--timers N] | timer-lag [--rate N] [--seconds N]
//                                 timers through the real host on PostgreSQL (see run-postgres.sh)
//   engine task-list [--tasks N] [--runs N] [--keep]
//                                 N open tasks bulk-loaded into PostgreSQL, p50/p99 of the task list's searches
//   dmn [--runs N] [--iterations N] a 50-rule FIRST decision table in memory: ns per evaluation, median, load
//   models <folder> [--quiet]      which .bpmn, .dmn and .form files of a folder would deploy, with every reason and warning
var suite = args.Length > 0 ? args[0] : "help";
var rest = args.Skip(1).ToArray();
switch (suite)
{
    case "feel":
        BenchmarkSwitcher.FromAssembly(typeof(EngineBenchmark).Assembly).Run(rest);
        return 0;
    case "engine":
        return await EngineBenchmark.RunAsync(rest);
    case "dmn":
        return DmnTableBenchmark.Run(rest);
    case "models":
        return ModelCheck.Run(rest);
    default:
        Console.WriteLine("Suites: feel, engine, dmn, models. Example: dotnet run -c Release --project tests/ProzessEngine.Benchmarks -- feel --filter '*'");
        return suite == "help" ? 0 : 1;
}
