using System.Net;
using Npgsql;
using ProzessEngine.Host.Auth;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Setup;

/// <summary>
/// Settings that would open the host to people it must not serve, or leave it half working. Each is a reason not to
/// start, named with the setting to change: a municipal IT department must not be able to ship a host that lets anyone
/// in by leaving a default, nor one that starts and then fails every request. All of them are reported at once.
/// </summary>
internal static class StartupChecks
{
    public const int MinimumProductionApiKeyLength = 32;

    public static IReadOnlyList<string> Problems(EngineOptions options, IHostEnvironment environment, IConfiguration configuration)
    {
        var problems = new List<string>();
        DatabaseProblems(options, configuration.GetConnectionString("Engine"), problems);
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            problems.Add($"Engine:TimeZone '{options.TimeZone}' is not a known time zone; use an IANA id such as Europe/Berlin.");
        }

        var auth = options.Auth;
        if (auth.DevelopmentLoginActive && !environment.IsDevelopment() && !auth.AllowDevelopmentLoginOutsideDevelopment)
        {
            problems.Add($"Engine:Auth:DevelopmentLogin is on in the environment '{environment.EnvironmentName}': anyone could sign in as anyone, "
                + "as administrator. Switch it off (Engine__Auth__DevelopmentLogin=false) and configure an identity provider or API keys. "
                + "Only for a trial nobody else can reach, also set Engine__Auth__AllowDevelopmentLoginOutsideDevelopment=true.");
        }

        for (var i = 0; i < auth.ApiKeys.Count; i++)
        {
            var key = auth.ApiKeys[i];
            if (string.IsNullOrWhiteSpace(key.Key))
            {
                problems.Add($"Engine:Auth:ApiKeys:{i}:Key is empty; give the key or remove the entry.");
            }
            else if (environment.IsProduction() && key.Key.Length < MinimumProductionApiKeyLength)
            {
                // A short key can be guessed despite the throttle; 32 random characters cannot.
                problems.Add($"Engine:Auth:ApiKeys:{i}:Key ('{key.Name}') has {key.Key.Length} characters; in Production a key needs at least "
                    + $"{MinimumProductionApiKeyLength} (e.g. openssl rand -hex 32).");
            }

            foreach (var role in key.Roles.Where(r => !Roles.All.Contains(r)))
            {
                problems.Add($"Engine:Auth:ApiKeys:{i}:Roles has '{role}', which is not a role; use {string.Join(", ", Roles.All.Order())}.");
            }
        }

        if (auth.FailedAttemptsPerWindow < 1 || auth.FailedAttemptsWindow <= TimeSpan.Zero)
        {
            problems.Add("Engine:Auth:FailedAttemptsPerWindow must be at least 1 and Engine:Auth:FailedAttemptsWindow positive.");
        }

        var provider = auth.IdentityProvider;
        if (provider.IsConfigured)
        {
            if (AuthorityUri(provider) is not { } authority)
            {
                problems.Add($"Engine:Auth:IdentityProvider:Authority '{provider.Authority}' must be the provider's absolute https address (its issuer, "
                    + "e.g. https://login.stadt.example/realms/verwaltung), without query or fragment.");
            }
            else if (authority.Scheme != Uri.UriSchemeHttps && provider.RequireHttpsMetadata)
            {
                problems.Add($"Engine:Auth:IdentityProvider:Authority '{provider.Authority}' is not https: the provider's signing keys must not come "
                    + "over plain HTTP. Only for a local test provider set Engine__Auth__IdentityProvider__RequireHttpsMetadata=false.");
            }

            if (provider.StartupTimeout <= TimeSpan.Zero)
            {
                problems.Add("Engine:Auth:IdentityProvider:StartupTimeout must be positive (e.g. 00:00:05).");
            }

            if (string.IsNullOrWhiteSpace(provider.ClientId))
            {
                problems.Add("Engine:Auth:IdentityProvider:ClientId is required with an identity provider.");
            }

            foreach (var role in provider.DefaultRoles.Where(r => !Roles.All.Contains(r)))
            {
                problems.Add($"Engine:Auth:IdentityProvider:DefaultRoles has '{role}', which is not a role; use {string.Join(", ", Roles.All.Order())}.");
            }

            if (string.IsNullOrWhiteSpace(options.PublicBaseUrl) && !environment.IsDevelopment())
            {
                problems.Add("Engine:PublicBaseUrl is required with an identity provider (e.g. https://prozesse.stadt.example): the sign-in "
                    + "must not send people back to whatever Host header a request carried.");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl) && PublicBaseUri(options) is null)
        {
            problems.Add($"Engine:PublicBaseUrl '{options.PublicBaseUrl}' must be an absolute http or https address without query or fragment.");
        }

        foreach (var proxy in options.ForwardedHeaders.KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
        {
            problems.Add($"Engine:ForwardedHeaders:KnownProxies has '{proxy}', which is not an IP address.");
        }

        foreach (var network in options.ForwardedHeaders.KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
        {
            problems.Add($"Engine:ForwardedHeaders:KnownNetworks has '{network}', which is not a network in CIDR notation (10.0.0.0/8).");
        }

        return problems;
    }

    /// <summary>
    /// A message as one line of the log: exception messages carry "Actual value was …" and inner reasons on lines of their
    /// own, which a log collector would take for entries of their own.
    /// </summary>
    public static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The configured authority as an absolute http or https address, or null when it is not one.</summary>
    public static Uri? AuthorityUri(IdentityProviderOptions provider) =>
        Uri.TryCreate(provider.Authority.Trim(), UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment)
            ? uri
            : null;

    /// <summary>
    /// A provider the host cannot use, or PostgreSQL without a server to go to. Whether the server answers is the
    /// database probe's to say (it needs the network); here only what the settings say by themselves.
    /// </summary>
    private static void DatabaseProblems(EngineOptions options, string? connectionString, List<string> problems)
    {
        switch (options.DatabaseProvider)
        {
            case null:
                problems.Add($"Engine:Database '{options.Database}' is not a database the engine runs on; use Sqlite or PostgreSQL "
                    + "(Engine__Database=PostgreSQL).");
                return;
            case DatabaseProvider.PostgreSql when string.IsNullOrWhiteSpace(connectionString):
                problems.Add("Engine:Database is PostgreSQL, but ConnectionStrings:Engine is not set; give the server "
                    + "(ConnectionStrings__Engine=\"Host=db;Database=prozessengine;Username=prozess;Password=…\").");
                return;
            case { } provider when !string.IsNullOrWhiteSpace(connectionString) && ConnectionStringProblem(provider, connectionString) is { } problem:
                // The message of the connection string builder names the keyword at fault, never the password.
                problems.Add($"ConnectionStrings:Engine is not a {provider} connection string: {problem}");
                return;
            default:
                return;
        }
    }

    private static string? ConnectionStringProblem(DatabaseProvider provider, string connectionString)
    {
        try
        {
            if (provider == DatabaseProvider.PostgreSql)
            {
                _ = new NpgsqlConnectionStringBuilder(connectionString).ConnectionString;
            }
            else
            {
                SqliteProvider.CheckConnectionString(connectionString);
            }

            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The configured public address without a trailing slash, or null when it is missing or not usable.</summary>
    public static Uri? PublicBaseUri(EngineOptions options) =>
        Uri.TryCreate(options.PublicBaseUrl.TrimEnd('/'), UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment)
            ? uri
            : null;
}
