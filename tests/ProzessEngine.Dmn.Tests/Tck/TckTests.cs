using Xunit.Abstractions;

namespace ProzessEngine.Dmn.Tests.Tck;

/// <summary>
/// Every test case of the DMN TCK's compliance levels 2 and 3. Every failure must be listed with its reason in
/// known-failures.md, and every listed case must still fail, so that the list stays exact.
/// </summary>
public sealed class TckTests(ITestOutputHelper output)
{
    [Fact]
    public void Compliance_levels_2_and_3_pass_at_least_97_percent()
    {
        var results = TckRunner.RunAll();
        var failed = results.Where(result => result.Outcome == TckOutcome.Failed).ToList();
        var tolerance = results.Count(result => result.Outcome == TckOutcome.PassedWithinTolerance);
        var passed = results.Count - failed.Count;
        output.WriteLine($"DMN TCK: {passed} of {results.Count} passed ({TckRunner.Percent(passed, results.Count)} %), {failed.Count} failed; {tolerance} passed numbers match within 0.00000001");
        foreach (var level in new[] { "compliance-level-2", "compliance-level-3" })
        {
            var ofLevel = results.Where(r => r.Id.StartsWith(level, StringComparison.Ordinal)).ToList();
            var passedOfLevel = ofLevel.Count(r => r.Outcome != TckOutcome.Failed);
            output.WriteLine($"{level}: {passedOfLevel} of {ofLevel.Count} ({TckRunner.Percent(passedOfLevel, ofLevel.Count)} %)");
        }

        foreach (var failure in failed)
        {
            output.WriteLine($"| {failure.Id} | {failure.Detail} |");
        }

        var known = KnownFailures.Load();
        var unlisted = failed.Where(failure => !known.Contains(failure.Id)).Select(failure => failure.Id).ToList();
        var nowPassing = known.Except(failed.Select(failure => failure.Id)).ToList();
        Assert.True(unlisted.Count == 0, $"failures missing from known-failures.md: {string.Join(", ", unlisted)}");
        Assert.True(nowPassing.Count == 0, $"cases in known-failures.md that pass now or do not exist (remove them): {string.Join(", ", nowPassing)}");
        Assert.True(passed >= 0.97 * results.Count, $"only {passed} of {results.Count} TCK cases passed");
    }
}

internal static class KnownFailures
{
    /// <summary>The ids in the first column of the table rows of Tck/known-failures.md.</summary>
    public static HashSet<string> Load()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ProzessEngine.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var path = Path.Combine(directory.FullName, "tests", "ProzessEngine.Dmn.Tests", "Tck", "known-failures.md");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(path))
        {
            if (line.StartsWith("| compliance-", StringComparison.Ordinal))
            {
                ids.Add(line.Split('|', StringSplitOptions.TrimEntries)[1]);
            }
        }

        return ids;
    }
}
