namespace DeferredOrleans.Core;

/// <summary>A configuration section is invalid; the message lists every problem found.</summary>
public sealed class ConfigurationProblemException(string section, IReadOnlyList<string> problems)
    : Exception($"Invalid {section} configuration: {string.Join("; ", problems)}.")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
