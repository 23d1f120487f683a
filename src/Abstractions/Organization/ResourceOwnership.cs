namespace DeferredOrleans.Abstractions.Organization;

/// <summary>Who owns the resources matching a pattern (owner routes go to them).</summary>
[GenerateSerializer, Alias("DeferredOrleans.ResourceOwnership")]
public sealed class ResourceOwnership
{
    /// <summary>A resource name, or a pattern with <c>*</c> wildcards.</summary>
    [Id(0)] public string Pattern { get; set; } = "";

    /// <summary>The owner's user id.</summary>
    [Id(1)] public string Owner { get; set; } = "";
}
