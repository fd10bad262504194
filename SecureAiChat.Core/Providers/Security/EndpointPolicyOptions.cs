namespace SecureAiChat.Core.Providers.Security;

/// <summary>
/// Operator configuration of which model endpoints tenants may point the platform at
/// (section <c>AI:EndpointPolicy</c>). The default is strict: public https hosts only.
/// </summary>
public sealed class EndpointPolicyOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "AI:EndpointPolicy";

    /// <summary>
    /// Permit plain http. Off by default because provider keys travel in request headers; turn it on
    /// only together with <see cref="AllowedHosts"/> for an on-premise server or a test fake.
    /// </summary>
    public bool AllowHttp { get; set; }

    /// <summary>
    /// Host patterns permitted even when they are private, loopback or otherwise blocked:
    /// <c>"127.0.0.1"</c>, <c>"localhost"</c>, <c>"[::1]:8080"</c>, <c>"*.corp.example"</c>,
    /// <c>"inference.corp.example:8443"</c>. Without a port a pattern matches every port.
    /// Cloud metadata addresses stay blocked even for allow-listed hosts; list them in
    /// <see cref="AllowedNetworks"/> if you really mean it.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>CIDR networks whose addresses are permitted whatever name led to them, e.g. <c>"10.20.0.0/16"</c>.</summary>
    public List<string> AllowedNetworks { get; set; } = [];
}
