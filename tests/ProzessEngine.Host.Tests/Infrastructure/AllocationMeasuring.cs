namespace ProzessEngine.Host.Tests.Infrastructure;

/// <summary>
/// Tests that measure a request's allocations with the process-wide <see cref="GC.GetTotalAllocatedBytes(bool)"/>: run
/// alone, after the parallel tests, since the other tests' allocations would count as theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasuring
{
    public const string Name = "Allocation measuring";
}
