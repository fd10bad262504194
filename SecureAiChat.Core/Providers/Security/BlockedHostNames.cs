namespace SecureAiChat.Core.Providers.Security;

/// <summary>
/// Host names that designate the local machine or an internal network. Resolution is checked at
/// connect time anyway; refusing these names early gives the admin a clear message and stops
/// names that resolve differently inside our network (search domains, split-horizon DNS).
/// </summary>
internal static class BlockedHostNames
{
    private static readonly HashSet<string> Exact = new(StringComparer.OrdinalIgnoreCase)
    {
        "localhost",
        "localhost.localdomain",
        "ip6-localhost",
        "ip6-loopback",
        "metadata",
        "metadata.google.internal",
        "metadata.azure.com",
        "instance-data",
        "instance-data.ec2.internal",
        "kubernetes",
        "kubernetes.default",
        "host.docker.internal",
    };

    private static readonly string[] Suffixes =
    [
        ".localhost",
        ".localdomain",
        ".local",        // mDNS
        ".internal",     // cloud-internal DNS (GCP, AWS, Docker)
        ".intranet",
        ".lan",
        ".home.arpa",
        ".corp",
        ".in-addr.arpa",
        ".ip6.arpa",
        ".svc",
        ".cluster.local",
    ];

    /// <summary>True when <paramref name="host"/> (normalized: lower case, no trailing dot) must be refused.</summary>
    public static bool IsBlocked(string host)
    {
        // A single-label name is completed by the resolver's search domains, i.e. it names an
        // internal host; no public AI endpoint is reachable under one.
        if (!host.Contains('.', StringComparison.Ordinal))
        {
            return true;
        }

        return Exact.Contains(host) || Suffixes.Any(s => host.EndsWith(s, StringComparison.OrdinalIgnoreCase));
    }
}
