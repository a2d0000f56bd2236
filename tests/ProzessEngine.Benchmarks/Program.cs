using BenchmarkDotNet.Running;

// Usage: dotnet run -c Release --project tests/ProzessEngine.Benchmarks -- <suite> [options]
//   feel [BenchmarkDotNet args]   FEEL micro-benchmarks (BenchmarkDotNet, with MemoryDiagnoser)
//   engine [options]              engine throughput on the models of ../shared/bench (see README)
var suite = args.Length > 0 ? args[0] : "help";
var rest = args.Skip(1).ToArray();
switch (suite)
{
    case "feel":
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest);
        return 0;
    default:
        Console.WriteLine("Suites: feel, engine. Example: dotnet run -c Release --project tests/ProzessEngine.Benchmarks -- feel --filter '*'");
        return suite == "help" ? 0 : 1;
}
