namespace DeferredOrleans.Abstractions.Organization;

/// <summary>
/// <see cref="From"/> is away: <see cref="To"/> decides in their place between <see cref="Starts"/> and
/// <see cref="Ends"/>, for the resources and scopes listed (all when empty; <c>*</c> wildcards allowed).
/// </summary>
[GenerateSerializer, Alias("DeferredOrleans.Delegation")]
public sealed class Delegation
{
    /// <summary>The delegation id (the admin and self-service APIs address it by this).</summary>
    [Id(0)] public string Id { get; set; } = "";

    /// <summary>The user who is away.</summary>
    [Id(1)] public string From { get; set; } = "";

    /// <summary>The user who decides in their place.</summary>
    [Id(2)] public string To { get; set; } = "";

    /// <summary>When the delegation starts; at once when absent.</summary>
    [Id(3)] public DateTimeOffset? Starts { get; set; }

    /// <summary>When it ends; open-ended when absent.</summary>
    [Id(4)] public DateTimeOffset? Ends { get; set; }

    /// <summary>The resources it covers (all when empty).</summary>
    [Id(5)] public List<string> Resources { get; set; } = [];

    /// <summary>The scopes it covers (all when empty).</summary>
    [Id(6)] public List<string> Scopes { get; set; } = [];
}
