using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Scaffolding;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using ProzessEngine.Testing;

namespace ProzessEngine.Persistence.Tests.Model;

/// <summary>
/// The host runs on the committed compiled models (CompiledModels/), not on OnModelCreating: a model change (a column,
/// an index, a migration) without regenerating them would leave the engine reading and writing the old model. These
/// tests generate the compiled model in memory, as `dotnet ef dbcontext optimize` does, and compare it with the
/// committed files.
/// </summary>
public sealed partial class CompiledModelTests
{
    private const string Regenerate = "engine/ProzessEngine.Persistence/regenerate-compiled-models.sh";

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public void The_committed_compiled_model_matches_the_model(string provider)
    {
        using var context = CreateDesignTimeContext(provider);
        var generated = Generate(context, $"ProzessEngine.Persistence.CompiledModels.{provider}")
            .ToDictionary(file => Path.GetFileName(file.Path), file => Normalise(file.Code), StringComparer.Ordinal);
        var folder = Path.Combine(RepositoryRoot.Find(), "engine", "ProzessEngine.Persistence", "CompiledModels", provider);
        var committed = Directory.GetFiles(folder, "*.cs")
            .ToDictionary(path => Path.GetFileName(path), path => Normalise(File.ReadAllText(path)), StringComparer.Ordinal);

        var stale = generated.Keys.Union(committed.Keys, StringComparer.Ordinal)
            .Where(name => !generated.TryGetValue(name, out var code) || !committed.TryGetValue(name, out var file) || code != file)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(stale.Count == 0,
            $"The compiled {provider} model is out of date ({string.Join(", ", stale)}): run {Regenerate} and commit CompiledModels/.");
    }

    [Fact]
    public async Task The_engine_runs_on_the_compiled_models()
    {
        await using var sqlite = new EngineDatabase(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(Path.GetTempPath(), $"compiled-{Guid.NewGuid():N}.db")}");
        await using var postgres = new EngineDatabase(DatabaseProvider.PostgreSql, "Host=127.0.0.1;Database=unused");
        await using var sqliteContext = sqlite.CreateContext();
        await using var postgresContext = postgres.CreateContext();

        Assert.IsType<CompiledModels.Sqlite.SqliteEngineDbContextModel>(sqliteContext.Model);
        Assert.IsType<CompiledModels.PostgreSql.PostgresEngineDbContextModel>(postgresContext.Model);
    }

    private static DbContext CreateDesignTimeContext(string provider) => provider == "Sqlite"
        ? new SqliteDesignTimeFactory().CreateDbContext([])
        : new PostgresDesignTimeFactory().CreateDbContext([]);

    private static IReadOnlyCollection<ScaffoldedFile> Generate(DbContext context, string modelNamespace)
    {
        var services = new ServiceCollection();
        services.AddEntityFrameworkDesignTimeServices();
        services.AddDbContextDesignTimeServices(context);
        // The provider's own design-time services (its type mappings' code), found as dotnet-ef finds them.
        var providerAssembly = Assembly.Load(new AssemblyName(context.GetService<IDatabaseProvider>().Name));
        var attribute = providerAssembly.GetCustomAttribute<DesignTimeProviderServicesAttribute>()!;
        var providerServices = (IDesignTimeServices)Activator.CreateInstance(providerAssembly.GetType(attribute.TypeName, throwOnError: true)!)!;
        providerServices.ConfigureDesignTimeServices(services);
        using var provider = services.BuildServiceProvider();
        var options = new CompiledModelCodeGenerationOptions
        {
            ContextType = context.GetType(),
            ModelNamespace = modelNamespace,
            Language = "C#",
            UseNullableReferenceTypes = true,
        };
        return provider.GetRequiredService<ICompiledModelCodeGeneratorSelector>().Select(options)
            .GenerateModel(context.GetService<IDesignTimeModel>().Model, options);
    }

    // Every generation gives the model a new id; it identifies a model instance, not its content.
    private static string Normalise(string code) => ModelId().Replace(code.TrimStart('\uFEFF').ReplaceLineEndings("\n"), "modelId: new Guid()");

    [GeneratedRegex("""modelId: new Guid\("[0-9a-f-]+"\)""")]
    private static partial Regex ModelId();
}
