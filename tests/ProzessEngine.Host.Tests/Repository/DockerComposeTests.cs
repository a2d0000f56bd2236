using System.Text.RegularExpressions;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Repository;

/// <summary>
/// docker-compose.yml is what a municipal IT department runs: Production mode, and an API key it must choose, because
/// a compose file without one started an engine no other system could call.
/// </summary>
public sealed class DockerComposeTests
{
    private static readonly string Compose = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docker-compose.yml"));

    [Fact]
    public void The_engine_runs_in_production_mode()
    {
        Assert.Matches(new Regex(@"^\s*ASPNETCORE_ENVIRONMENT:\s*Production\s*$", RegexOptions.Multiline), Compose);
    }

    [Fact]
    public void The_api_key_comes_from_a_required_variable_with_a_message()
    {
        var match = Regex.Match(Compose, @"^\s*Engine__Auth__ApiKeys__0__Key:\s*\$\{(?<name>[A-Z_]+):\?(?<message>[^}]+)\}\s*$", RegexOptions.Multiline);

        Assert.True(match.Success, "docker-compose.yml must take the API key from a variable compose requires (${NAME:?message}).");
        Assert.Contains("32", match.Groups["message"].Value, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^\s*Engine__Auth__ApiKeys__0__Roles__0:\s*system\s*$", RegexOptions.Multiline), Compose);
    }
}
