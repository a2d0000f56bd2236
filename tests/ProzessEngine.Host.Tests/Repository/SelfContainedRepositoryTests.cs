using System.Text.RegularExpressions;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Repository;

/// <summary>
/// A user's clone has nothing beside it: tests, benchmarks, scripts and docs must not reach for a folder next to the
/// checkout. Regression: three FEEL tests read the DMN TCK from the workplace's shared folder beside the checkout and
/// failed in a fresh clone.
/// </summary>
public sealed partial class SelfContainedRepositoryTests
{
    private const string ThisFile = nameof(SelfContainedRepositoryTests) + ".cs";
    private static readonly string[] SkippedFolders = ["bin", "obj", "node_modules", ".git", "TestResults", "wwwroot", "data", "dist"];
    private static readonly string[] TextExtensions = [".cs", ".csproj", ".props", ".targets", ".sh", ".md", ".json", ".ts", ".js", ".yml", ".yaml", ".bpmn", ".form", ".sql", ".sln"];

    [Fact]
    public void Nothing_refers_to_a_folder_beside_the_checkout()
    {
        var root = RepositoryRoot.Find();
        var offenders = new List<string>();
        foreach (var file in Files(new DirectoryInfo(root)))
        {
            var lines = File.ReadAllLines(file.FullName);
            for (var i = 0; i < lines.Length; i++)
            {
                if (OutsideReference().IsMatch(lines[i]))
                {
                    offenders.Add($"{Path.GetRelativePath(root, file.FullName)}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        Assert.True(offenders.Count == 0, "References to a shared folder beside the checkout:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void The_tck_data_ships_with_its_licence()
    {
        var data = Path.Combine(RepositoryRoot.Find(), "tests", "ProzessEngine.Feel.Tests", "Tck", "Data");
        Assert.True(File.Exists(Path.Combine(data, "cases.json")));
        Assert.Contains("Apache License", File.ReadAllText(Path.Combine(data, "LICENSE-ASL-2.0.txt")), StringComparison.Ordinal);
        Assert.Contains("dmn-tck", File.ReadAllText(Path.Combine(data, "README.md")), StringComparison.Ordinal);
    }

    private static IEnumerable<FileInfo> Files(DirectoryInfo folder)
    {
        foreach (var file in folder.EnumerateFiles())
        {
            if (TextExtensions.Contains(file.Extension, StringComparer.OrdinalIgnoreCase) && file.Name is not ("package-lock.json" or ThisFile))
            {
                yield return file;
            }
        }

        foreach (var child in folder.EnumerateDirectories())
        {
            if (!SkippedFolders.Contains(child.Name, StringComparer.Ordinal))
            {
                foreach (var file in Files(child))
                {
                    yield return file;
                }
            }
        }
    }

    // A folder named shared one level above a path; "../../shared/api" inside designer/src is the designer's own folder.
    [GeneratedRegex(@"(?<!\.\./)\.\./shared\b")]
    private static partial Regex OutsideReference();
}
