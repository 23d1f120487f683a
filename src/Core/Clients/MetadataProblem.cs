namespace DeferredOrleans.Core.Clients;

/// <summary>Why registration metadata is refused; the description names the member, never a value sent.</summary>
public sealed record MetadataProblem(MetadataProblemKind Kind, string Description)
{
    public static MetadataProblem Metadata(string description) => new(MetadataProblemKind.ClientMetadata, description);

    public static MetadataProblem RedirectUri(string description) => new(MetadataProblemKind.RedirectUri, description);
}
