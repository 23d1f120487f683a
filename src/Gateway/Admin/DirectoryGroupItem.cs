namespace DeferredOrleans.Gateway.Admin;

/// <summary>A group and its members.</summary>
public sealed record DirectoryGroupItem(string Id, IReadOnlyList<string> Members);
