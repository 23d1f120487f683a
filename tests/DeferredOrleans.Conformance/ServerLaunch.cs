namespace DeferredOrleans.Conformance;

/// <summary>How to start one server: its configuration file, SQLite file, optional TLS certificate and overrides.</summary>
public sealed record ServerLaunch(string ConfigFile, string Database, TestCertificate? Certificate = null)
{
    /// <summary>Environment variables on top of the defaults (configuration keys with <c>__</c> separators).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>The suite's configuration file, copied next to the test assembly.</summary>
    public static string SuiteConfigFile => Path.Combine(AppContext.BaseDirectory, "conformance.json");
}
