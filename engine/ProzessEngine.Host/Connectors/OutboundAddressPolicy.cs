using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ProzessEngine.Host.Connectors;

/// <summary>
/// Where the engine's outbound requests may go (against server-side request forgery): to hosts on the allow-list, and
/// only to public addresses unless a network is allowed explicitly. Addresses are judged as connected to, so that a
/// name that resolves to an inner address (or starts to, DNS rebinding) is refused whatever the name looked like.
/// </summary>
internal sealed class OutboundAddressPolicy(IReadOnlyList<string> allowedHosts, IReadOnlyList<IPNetwork> allowedNetworks)
{
    /// <summary>Addresses that are not public, with what they are; IPv4-mapped, NAT64 and 6to4 addresses are judged by the IPv4 address inside.</summary>
    private static readonly (IPNetwork Network, string Kind)[] NotPublic =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "an address of this network (0.0.0.0/8)"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private address"),
        (IPNetwork.Parse("100.64.0.0/10"), "a shared (carrier-grade NAT) address"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address (cloud metadata services live here)"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private address"),
        (IPNetwork.Parse("192.0.0.0/24"), "a protocol assignment address"),
        (IPNetwork.Parse("192.0.2.0/24"), "a documentation address"),
        (IPNetwork.Parse("192.88.99.0/24"), "a 6to4 relay address"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private address"),
        (IPNetwork.Parse("198.18.0.0/15"), "a benchmarking address"),
        (IPNetwork.Parse("198.51.100.0/24"), "a documentation address"),
        (IPNetwork.Parse("203.0.113.0/24"), "a documentation address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved or broadcast address"),
        (IPNetwork.Parse("::/128"), "the unspecified address"),
        (IPNetwork.Parse("::1/128"), "a loopback address"),
        (IPNetwork.Parse("::/96"), "an IPv4-compatible address"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "a local NAT64 address"),
        (IPNetwork.Parse("100::/64"), "a discard address"),
        (IPNetwork.Parse("2001::/23"), "a special-purpose address (Teredo and others)"),
        (IPNetwork.Parse("2001:db8::/32"), "a documentation address"),
        (IPNetwork.Parse("fc00::/7"), "a unique local (private) address"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("fec0::/10"), "a site-local address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>Whether a setting is a host pattern: <c>*</c>, <c>*.domain</c> or a host name or address.</summary>
    public static bool IsHostPattern(string pattern)
    {
        var text = pattern.Trim();
        if (text == "*")
        {
            return true;
        }

        var name = text.StartsWith("*.", StringComparison.Ordinal) ? text[2..] : text;
        return name.Length > 0 && (Uri.CheckHostName(name.Trim('[', ']')) != UriHostNameType.Unknown);
    }

    /// <summary>Whether requests may go to the host (a name as in a URL, or an address).</summary>
    public bool AllowsHost(string host)
    {
        var name = Normalize(host);
        foreach (var pattern in allowedHosts)
        {
            var allowed = Normalize(pattern);
            if (allowed == "*" || allowed == name
                || (allowed.StartsWith("*.", StringComparison.Ordinal) && name.EndsWith(allowed[1..], StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Null when a connection to the address is allowed; otherwise what the address is, for the refusal.</summary>
    public string? RefusalFor(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var judged = Unwrap(address);
        if (allowedNetworks.Any(n => n.Contains(judged) || n.Contains(address)))
        {
            return null;
        }

        foreach (var (network, kind) in NotPublic)
        {
            if (network.Contains(judged))
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>The IPv4 address inside an IPv4-mapped, NAT64 or 6to4 address, which is where such a connection really goes.</summary>
    internal static IPAddress Unwrap(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        return SixToFour.Contains(address) ? new IPAddress(bytes.AsSpan(2, 4)) : address;
    }

    /// <summary>Lower case, IDN names as punycode, no trailing dot, IPv6 without brackets.</summary>
    internal static string Normalize(string host)
    {
        var text = host.Trim().TrimEnd('.').Trim('[', ']').ToLowerInvariant();
        if (text.Length == 0 || text == "*" || IPAddress.TryParse(text, out _))
        {
            return text;
        }

        var wildcard = text.StartsWith("*.", StringComparison.Ordinal);
        var name = wildcard ? text[2..] : text;
        try
        {
            name = new IdnMapping().GetAscii(name).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            // Not a valid international name: compared as written, so it matches nothing it should not.
        }

        return wildcard ? "*." + name : name;
    }
}
