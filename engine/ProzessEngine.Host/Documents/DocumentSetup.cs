using ProzessEngine.Core;
using ProzessEngine.Host.Cluster;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Documents;

public static class DocumentSetup
{
    /// <summary>Document tasks (Engine:Documents): templates, their sandbox, storage and the worker; a wrong setting stops the start with its name.</summary>
    internal static IServiceCollection AddDocuments(this IServiceCollection services, IConfiguration configuration, string contentRoot,
        Func<TimeZoneInfo> zone)
    {
        var section = configuration.GetSection(DocumentOptions.Section);
        var options = (section.Get<DocumentOptions>() ?? new DocumentOptions()).Validate();
        services.AddSingleton(options);
        services.AddSingleton(sp => new TemplateSandbox(options.Limits, sp.GetRequiredService<TimeProvider>(), zone()));
        services.AddSingleton<ITemplateSyntax>(sp => sp.GetRequiredService<TemplateSandbox>());
        services.AddSingleton(sp => new TemplateCatalog(sp.GetRequiredService<EngineDatabase>()));
        services.AddSingleton(sp => new DocumentStore(sp.GetRequiredService<EngineDatabase>(), sp.GetRequiredService<TimeProvider>()));
        if (options.Storage == DocumentStorage.Folder)
        {
            services.AddSingleton(new DocumentFiles(Path.Combine(contentRoot, options.Folder!)));
        }

        if (options.Pdf.IsConfigured)
        {
            services.AddSingleton(sp => new PdfPrinter(options.Pdf, sp.GetRequiredService<ILogger<PdfPrinter>>()));
        }

        services.AddHostedService(sp => new DocumentWorker(
            sp.GetRequiredService<JobLongPolling>(),
            sp.GetRequiredService<InstanceCommands>(),
            sp.GetRequiredService<TemplateCatalog>(),
            sp.GetRequiredService<TemplateSandbox>(),
            sp.GetRequiredService<DocumentStore>(),
            options,
            sp.GetRequiredService<IKeyGenerator>(),
            sp.GetRequiredService<NodeIdentity>(),
            sp.GetRequiredService<ILogger<DocumentWorker>>(),
            sp.GetService<PdfPrinter>(),
            sp.GetService<DocumentFiles>()));
        return services;
    }
}
