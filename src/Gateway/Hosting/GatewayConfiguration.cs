using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace DeferredOrleans.Gateway.Hosting;

/// <summary>
/// Configuration files beyond appsettings.json: an operator's file (<c>DeferredOrleans:ConfigFile</c>) or, without
/// one, the demo configuration (unless <c>DeferredOrleans:Demo</c> is false). The operator's file replaces the demo
/// rather than laying over it: configuration merges lists by position, so one rule of the operator's would silently
/// replace the demo's first rule and keep the rest. Both sit below environment variables and the command line, so
/// those still override them.
/// </summary>
public static class GatewayConfiguration
{
    public const string DemoFile = "demo.json";

    public const string DemoKey = "DeferredOrleans:Demo";

    public const string ConfigFileKey = "DeferredOrleans:ConfigFile";

    public static void AddDeferredOrleansFiles(this ConfigurationManager configuration, string contentRoot)
    {
        var files = new List<string>();
        var file = configuration[ConfigFileKey] is { Length: > 0 } configured ? configured : null;
        if (DemoIsOn(configuration[DemoKey], file is not null))
        {
            files.Add(Path.Combine(AppContext.BaseDirectory, DemoFile));
        }

        if (file is not null)
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

    /// <summary>Why the configuration files cannot be combined as asked, as one line, or null.</summary>
    public static string? Problem(IConfiguration configuration) =>
        configuration[ConfigFileKey] is { Length: > 0 } file && IsTrue(configuration[DemoKey])
            ? $"DeferredOrleans:Demo=true cannot be combined with DeferredOrleans:ConfigFile ({file}): lists (clients, " +
              "users, rules) would merge with the demo's by position. Your file replaces the demo: leave Demo unset, " +
              "and copy what you want of the demo (src/Gateway/demo.json) into your file."
            : null;

    // The demo is the configuration of those who have none: on by default, off once an operator's file is given.
    private static bool DemoIsOn(string? demo, bool hasConfigFile) =>
        demo is null or "" ? !hasConfigFile : !string.Equals(demo, "false", StringComparison.OrdinalIgnoreCase);

    private static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}
