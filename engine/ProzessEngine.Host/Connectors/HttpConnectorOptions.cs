using System.Net;

namespace ProzessEngine.Host.Connectors;

/// <summary>
/// The REST connector the engine runs (Engine:Connectors:Http). Outbound calls are a way into the municipality's own
/// network, so nothing is allowed until configured: hosts by name, private and local networks by address.
/// </summary>
public sealed class HttpConnectorOptions
{
    public const string Section = "Engine:Connectors:Http";

    /// <summary>
    /// Whether this node runs io.camunda:http-json:1 jobs itself. Off, the jobs wait for a job worker of one's own (as
    /// with a separate Camunda connector runtime).
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Host names requests may go to: exact names (<c>api.stadt.example</c>), all subdomains of a name
    /// (<c>*.stadt.example</c>, not the name itself) or <c>*</c> for any host. Empty: none. Checked for the URL, for
    /// every redirect and for OAuth token endpoints.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>
    /// Networks (CIDR, e.g. <c>10.20.0.0/16</c>, <c>127.0.0.1/32</c>, <c>::1/128</c>) that requests may reach although
    /// they are private, loopback, link-local or otherwise not public. Empty: only public addresses. Checked on the
    /// address actually connected to, after DNS resolution.
    /// </summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>Largest response body read (after decompression); a larger one fails the call.</summary>
    public long MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>Redirects to the same host followed at most, when a task asks for followRedirects.</summary>
    public int MaxRedirects { get; set; } = 3;

    /// <summary>Calls one node makes at the same time.</summary>
    public int MaxConcurrentCalls { get; set; } = 64;

    /// <summary>
    /// How long a node holds a REST task's job while it calls (a task's jobTimeout header sets its own). A node that
    /// dies while calling leaves the job to another node after this time; every call of the task, redirects and token
    /// requests included, ends well before it, so that two nodes never call at once.
    /// </summary>
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The parsed <see cref="AllowedNetworks"/>; throws, naming the setting, when one is not a network.</summary>
    public IReadOnlyList<IPNetwork> ParsedNetworks() =>
    [
        .. AllowedNetworks.Select((text, i) => IPNetwork.TryParse(text.Trim(), out var network)
            ? network
            : throw new InvalidOperationException($"{Section}:AllowedNetworks:{i} '{text}' is not a network in CIDR notation (e.g. 10.20.0.0/16)."))
    ];

    /// <summary>Throws, naming the setting, when a value cannot work; called at start-up.</summary>
    public HttpConnectorOptions Validate()
    {
        _ = ParsedNetworks();
        for (var i = 0; i < AllowedHosts.Count; i++)
        {
            if (!OutboundAddressPolicy.IsHostPattern(AllowedHosts[i]))
            {
                throw new InvalidOperationException(
                    $"{Section}:AllowedHosts:{i} '{AllowedHosts[i]}' is not a host pattern: write a host name, *.domain or *.");
            }
        }

        if (MaxResponseBytes <= 0 || MaxConcurrentCalls <= 0 || MaxRedirects < 0 || LockDuration < TimeSpan.FromSeconds(10))
        {
            throw new InvalidOperationException(
                $"{Section}: MaxResponseBytes and MaxConcurrentCalls must be positive, MaxRedirects zero or more, LockDuration at least 10 seconds.");
        }

        return this;
    }
}
