using System.Globalization;
using Microsoft.Extensions.Configuration.Memory;

namespace DeferredOrleans.Gateway.Hosting;

/// <summary>
/// Where the gateway listens, by ASP.NET Core's own settings and precedence: Kestrel endpoints, else <c>urls</c>
/// (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>Urls</c>), else <c>ASPNETCORE_HTTP_PORTS</c>/<c>HTTPS_PORTS</c>; with none
/// of them, <see cref="Default"/>. The issuer follows the first address unless <c>DeferredOrleans:Server:Issuer</c> is
/// set, so one setting moves a whole instance. Both defaults sit below every other source.
/// </summary>
public static class ListeningAddresses
{
    public const string Default = "http://localhost:5080";

    public const string IssuerKey = "DeferredOrleans:Server:Issuer";

    public static void AddListeningDefaults(this ConfigurationManager configuration)
    {
        var defaults = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var addresses = Configured(configuration);
        if (addresses.Count == 0)
        {
            defaults[WebHostDefaults.ServerUrlsKey] = Default;
            addresses = [Default];
        }

        if (string.IsNullOrEmpty(configuration[IssuerKey]) && IssuerOf(addresses[0]) is { } issuer)
        {
            defaults[IssuerKey] = issuer;
        }

        if (defaults.Count > 0)
        {
            configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = defaults });
        }
    }

    /// <summary>The addresses Kestrel will bind, as configured (empty when nothing names one).</summary>
    public static IReadOnlyList<string> Configured(IConfiguration configuration)
    {
        // Kestrel's own endpoints replace "urls" and the port lists when any is configured.
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(e => e["Url"]).OfType<string>().Where(u => u.Length > 0).ToList();
        if (endpoints.Count > 0)
        {
            return endpoints;
        }

        if (configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls)
        {
            return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        return [.. Ports(configuration[WebHostDefaults.HttpPortsKey]).Select(p => $"http://*:{p}"),
            .. Ports(configuration[WebHostDefaults.HttpsPortsKey]).Select(p => $"https://*:{p}")];
    }

    /// <summary>The issuer an address implies: its scheme, host (<c>localhost</c> for a wildcard) and port.</summary>
    public static string? IssuerOf(string address)
    {
        BindingAddress binding;
        try
        {
            binding = BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            return null;
        }

        if (binding.IsUnixPipe || binding.IsNamedPipe)
        {
            return null;
        }

        var host = binding.Host is "*" or "+" or "0.0.0.0" or "[::]" ? "localhost" : binding.Host;
        var defaultPort = binding.Scheme == Uri.UriSchemeHttps ? 443 : 80;
        return binding.Port == defaultPort
            ? $"{binding.Scheme}://{host}"
            : $"{binding.Scheme}://{host}:{binding.Port.ToString(CultureInfo.InvariantCulture)}";
    }

    private static IEnumerable<string> Ports(string? ports) =>
        (ports ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
