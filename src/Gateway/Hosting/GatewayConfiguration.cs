using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace DeferredOrleans.Gateway.Hosting;

/// <summary>
/// Configuration files beyond appsettings.json: the demo configuration (on unless <c>DeferredOrleans:Demo</c> is
/// false) and an operator's file (<c>DeferredOrleans:ConfigFile</c>). Both sit below environment variables and the
/// command line, so those still override them.
/// </summary>
public static class GatewayConfiguration
{
    public const string DemoFile = "demo.json";

    public static void AddDeferredOrleansFiles(this ConfigurationManager configuration, string contentRoot)
    {
        var files = new List<string>();
        if (!string.Equals(configuration["DeferredOrleans:Demo"], "false", StringComparison.OrdinalIgnoreCase))
        {
            files.Add(Path.Combine(AppContext.BaseDirectory, DemoFile));
        }

        if (configuration["DeferredOrleans:ConfigFile"] is { Length: > 0 } file)
        {
            files.Add(Path.GetFullPath(file, contentRoot));
        }

        // Just below the application's own environment variables (the unprefixed source, after appsettings.json),
        // not below the host's DOTNET_/ASPNETCORE_ ones: those come first, so the files would lose to appsettings.json.
        var sources = configuration.Sources;
        var at = sources.ToList().FindIndex(s => s is EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        at = at < 0 ? sources.Count : at;
        foreach (var path in files)
        {
            var source = new JsonConfigurationSource { Path = path, Optional = false, ReloadOnChange = false };
            source.ResolveFileProvider();
            sources.Insert(at++, source);
        }
    }
}
