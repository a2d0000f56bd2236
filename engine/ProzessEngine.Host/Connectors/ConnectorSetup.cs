using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ProzessEngine.Feel;
using ProzessEngine.Host.Documents;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Connectors;

/// <summary>Resolves a host name to its addresses (the system's DNS; tests answer as a rebinding DNS would).</summary>
internal delegate Task<IPAddress[]> HostResolver(string host, CancellationToken cancellationToken);

public static class ConnectorSetup
{
    /// <summary>
    /// Secrets, the REST connector (Engine:Connectors:Http) and the e-mail connector (Engine:Connectors:Email); their
    /// settings are checked here, so a wrong one stops the start with its name.
    /// </summary>
    public static IServiceCollection AddConnectors(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(HttpConnectorOptions.Section);
        var http = (section.Get<HttpConnectorOptions>() ?? new HttpConnectorOptions()).Validate();
        services.Configure<HttpConnectorOptions>(section);
        services.AddSingleton<Secrets>();
        services.TryAddSingleton<HostResolver>((host, token) => Dns.GetHostAddressesAsync(host, token));
        services.AddSingleton(_ => new OutboundAddressPolicy(http.AllowedHosts, http.ParsedNetworks()));
        services.AddSingleton(sp => new OutboundHttp(sp.GetRequiredService<OutboundAddressPolicy>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<HostResolver>().Invoke));
        services.AddSingleton(sp => new OAuthTokens(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new HttpJsonRequestReader(sp.GetRequiredService<Secrets>()));
        services.AddSingleton(sp => new HttpJsonExchange(sp.GetRequiredService<OutboundHttp>(), sp.GetRequiredService<OAuthTokens>(), http,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new HttpJsonOutcomes(sp.GetRequiredService<FeelEngine>()));
        if (http.Enabled)
        {
            services.AddHostedService<HttpConnectorWorker>();
        }

        var email = (configuration.GetSection(EmailOptions.Section).Get<EmailOptions>() ?? new EmailOptions()).Validate();
        services.AddSingleton(email);
        services.AddSingleton(sp => new EmailOutbox(sp.GetRequiredService<EngineDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SmtpDelivery(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new EmailComposer(sp.GetRequiredService<Secrets>(), email, sp.GetRequiredService<TemplateCatalog>(),
            sp.GetRequiredService<TemplateSandbox>(), sp.GetRequiredService<DocumentStore>(), sp.GetService<DocumentFiles>()));
        if (email.Enabled)
        {
            services.AddHostedService<EmailWorker>();
        }

        return services;
    }
}
