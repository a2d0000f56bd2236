namespace ProzessEngine.Testing;

/// <summary>Finds the checkout, so tests can read workflows/, docs/ or tests/tools/ in place.</summary>
public static class RepositoryRoot
{
    private const string MarkerFile = "ProzessEngine.sln";

    private static readonly Lazy<string> Root = new(Search);

    /// <summary>The folder that contains ProzessEngine.sln, found by walking up from the test assembly.</summary>
    public static string Find() => Root.Value;

    private static string Search()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, MarkerFile)))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No {MarkerFile} in {AppContext.BaseDirectory} or any folder above it: run the tests from a checkout of the repository.");
    }
}
