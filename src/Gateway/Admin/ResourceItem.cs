namespace DeferredOrleans.Gateway.Admin;

/// <summary>Who owns the resources matching a pattern.</summary>
public sealed record ResourceItem(string Pattern, string Owner);
