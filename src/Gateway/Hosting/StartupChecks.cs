using System.Net;
using System.Net.Sockets;
using DeferredOrleans.Silo;
using DeferredOrleans.Silo.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace DeferredOrleans.Gateway.Hosting;

/// <summary>
/// What stops the gateway before it starts, each as one line for the operator: configuration files that cannot be
/// combined, and a port (HTTP or the co-hosted silo's) that another process holds.
/// </summary>
public static class StartupChecks
{
    private const string MoveHint = "Stop that process, or move this server with ASPNETCORE_URLS or --urls " +
        "(e.g. ASPNETCORE_URLS=http://localhost:5081); the issuer follows unless DeferredOrleans:Server:Issuer is set.";

    public static string? Problem(WebApplication app)
    {
        var configuration = app.Configuration;
        if (GatewayConfiguration.Problem(configuration) is { } files)
        {
            return files;
        }

        // Only Kestrel binds the addresses; the in-memory test server (which also reports addresses) binds none.
        if (IsKestrel(app.Services.GetRequiredService<IServer>()) &&
            ListeningAddresses.Configured(configuration).Select(HttpProblem).FirstOrDefault(p => p is not null) is { } http)
        {
            return http;
        }

        var gateway = configuration.GetSection(GatewayHostOptions.Section).Get<GatewayHostOptions>() ?? new GatewayHostOptions();
        var silo = configuration.GetSection(SiloHostOptions.Section).Get<SiloHostOptions>() ?? new SiloHostOptions();
        return gateway.Role == GatewayRole.Silo ? PortCheck.SiloProblem(silo) : null;
    }

    /// <summary>Says why the server does not start, as the one line on stderr, and makes the exit code 1.</summary>
    public static void Refuse(string line)
    {
        Console.Error.WriteLine(line);
        Environment.ExitCode = 1;
    }

    /// <summary>The one line for a start that failed anyway because an address was taken (a race with the check), or null.</summary>
    public static string? Explain(Exception exception) =>
        exception is IOException { InnerException: AddressInUseException } e ? $"DeferredOrleans cannot listen: {e.Message} {MoveHint}" : null;

    private static bool IsKestrel(IServer server) =>
        server.GetType().Assembly == typeof(KestrelServerOptions).Assembly;

    private static string? HttpProblem(string address)
    {
        BindingAddress binding;
        try
        {
            binding = BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            return $"DeferredOrleans cannot listen on '{address}': an address is scheme://host:port " +
                "(e.g. http://localhost:5081; several separated by ';').";
        }

        if (binding.IsUnixPipe || binding.IsNamedPipe)
        {
            return null;
        }

        var why = Addresses(binding.Host).Select(ip => PortCheck.Refusal(ip, binding.Port)).FirstOrDefault(w => w is not null);
        return why is null ? null : $"DeferredOrleans cannot listen on {address}: {why}. {MoveHint}";
    }

    // As Kestrel binds them: localhost on both loopbacks, an IP address as it is, anything else on every address.
    private static IEnumerable<IPAddress> Addresses(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return Socket.OSSupportsIPv6 ? [IPAddress.Loopback, IPAddress.IPv6Loopback] : [IPAddress.Loopback];
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var ip) ? [ip] : [IPAddress.Any];
    }
}
