using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ProzessEngine.Feel;

namespace ProzessEngine.Host.Connectors;

/// <summary>Resolves a host name to its addresses (the system's DNS; tests answer as a rebinding DNS would).</summary>
internal delegate Task<IPAddress[]> HostResolver(string host, CancellationToken cancellationToken);

public static class ConnectorSetup
{
    /// <summary>Secrets and the REST connector (Engine:Connectors:Http); its settings are checked here, so a wrong one stops the start with its name.</summary>
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

        return services;
    }
}
