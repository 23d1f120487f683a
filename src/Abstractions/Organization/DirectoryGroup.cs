namespace DeferredOrleans.Abstractions.Organization;

/// <summary>A named set of users (e.g. <c>admins</c>), routed to as a whole or as a quorum.</summary>
[GenerateSerializer, Alias("DeferredOrleans.DirectoryGroup")]
public sealed class DirectoryGroup
{
    /// <summary>The group id that policies name.</summary>
    [Id(0)] public string Id { get; set; } = "";

    /// <summary>The member user ids.</summary>
    [Id(1)] public List<string> Members { get; set; } = [];
}
