using Xunit.Abstractions;

namespace ProzessEngine.Feel.Tests.Tck;

/// <summary>The DMN TCK FEEL cases. Every failure must be listed with its reason in known-failures.md,
/// and every listed case must still fail, so the list stays true.</summary>
public sealed class TckTests(ITestOutputHelper output)
{
    [Fact]
    public void Cases_pass_at_least_97_percent()
    {
        var results = Report("cases.json", "FEEL TCK");
        var passed = results.Count(result => result.Outcome != TckOutcome.Failed);
        Assert.True(passed >= 0.97 * results.Count, $"only {passed} of {results.Count} TCK cases passed");
    }

    [Fact]
    public void Cases_with_dependencies_are_run()
    {
        var results = Report("cases-with-dependencies.json", "FEEL TCK with dependencies");
        var passed = results.Count(result => result.Outcome != TckOutcome.Failed);
        Assert.True(passed >= 0.9 * results.Count, $"only {passed} of {results.Count} TCK cases with dependencies passed");
    }

    private IReadOnlyList<TckResult> Report(string file, string label)
    {
        var results = new TckRunner().Run(file);
        var failed = results.Where(result => result.Outcome == TckOutcome.Failed).ToList();
        var withinTolerance = results.Count(result => result.Outcome == TckOutcome.PassedWithinTolerance);
        output.WriteLine($"{label}: {results.Count - failed.Count} passed, {failed.Count} failed");
        output.WriteLine($"({TckRunner.Percent(results.Count - failed.Count, results.Count)} % passed; {withinTolerance} of the passed cases match a number only within 0.00000001)");
        foreach (var failure in failed)
        {
            output.WriteLine($"| {failure.Id} | {failure.Detail} |");
        }

        var known = KnownFailures.Load();
        var ids = results.Select(result => result.Id).ToHashSet(StringComparer.Ordinal);
        var unlisted = failed.Where(failure => !known.Contains(failure.Id)).Select(failure => failure.Id).ToList();
        var nowPassing = known.Where(ids.Contains).Except(failed.Select(failure => failure.Id)).ToList();
        Assert.True(unlisted.Count == 0, $"failures missing from known-failures.md: {string.Join(", ", unlisted)}");
        Assert.True(nowPassing.Count == 0, $"cases in known-failures.md that pass now (remove them): {string.Join(", ", nowPassing)}");
        return results;
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
        var path = Path.Combine(directory.FullName, "tests", "ProzessEngine.Feel.Tests", "Tck", "known-failures.md");
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
