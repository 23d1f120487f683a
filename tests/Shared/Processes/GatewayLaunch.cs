namespace DeferredOrleans.TestSupport;

/// <summary>How to start one gateway process: its SQLite file, configuration, port, optional TLS certificate and overrides.</summary>
public sealed record GatewayLaunch(string Database)
{
    /// <summary>A configuration file to load with the demo configuration off; null keeps the demo configuration.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>The port to listen on; null picks a free one.</summary>
    public int? Port { get; init; }

    /// <summary>The loopback host name in the issuer and the listener: <c>localhost</c> where a browser needs a domain (WebAuthn's RP ID cannot be an IP address).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Serve https with this certificate instead of plain http.</summary>
    public TestCertificate? Certificate { get; init; }

    /// <summary>The default log level (<c>Logging:LogLevel:Default</c>); null keeps appsettings.json's.</summary>
    public string? LogLevel { get; init; }

    /// <summary>The build of the gateway to run (<c>Debug</c>, <c>Release</c>); null runs the caller's own.</summary>
    public string? Configuration { get; init; }

    /// <summary>
    /// Set only <c>ASPNETCORE_URLS</c> (and the SQLite file), as an operator moving one instance would, and leave the
    /// issuer and the silo ports to the server; otherwise the launch also sets the issuer and two free silo ports.
    /// </summary>
    public bool OnlyUrls { get; init; }

    /// <summary>The gateway assembly to run instead of this checkout's build (the bench measures other builds with it).</summary>
    public string? Assembly { get; init; }

    /// <summary>Environment variables on top of the defaults (configuration keys with <c>__</c> separators).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}
