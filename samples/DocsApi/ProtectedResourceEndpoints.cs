using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Samples.DocsApi;

/// <summary>RFC 9728 §3: the metadata of the whole API, and of each document (the well-known path followed by its path).</summary>
public static class ProtectedResourceEndpoints
{
    public const string WellKnownPath = "/.well-known/oauth-protected-resource";

    public static IEndpointRouteBuilder MapProtectedResourceMetadata(this IEndpointRouteBuilder app)
    {
        app.MapGet(WellKnownPath, Api);
        app.MapGet(WellKnownPath + "/docs/{id}", OfDocument);
        return app;
    }

    private static Ok<ProtectedResourceMetadata> Api(IOptions<DocsApiOptions> options)
    {
        var settings = options.Value;
        return TypedResults.Ok(new ProtectedResourceMetadata(settings.Resource.OriginalString, [Issuer(settings)], [AccessRules.ReadScope, AccessRules.WriteScope], ["header"], "Docs API"));
    }

    private static Results<Ok<ProtectedResourceMetadata>, NotFound> OfDocument(string id, DocumentStore store, IOptions<DocsApiOptions> options)
    {
        var settings = options.Value;
        return store.Find(id) is { } document
            ? TypedResults.Ok(new ProtectedResourceMetadata(settings.DocumentResource(id).OriginalString, [Issuer(settings)], [AccessRules.WriteScope], ["header"], document.Title, TokenAudience: id))
            : TypedResults.NotFound();
    }

    // RFC 8414 §2: the issuer identifier has no trailing slash here, exactly as the authorization server names itself.
    private static string Issuer(DocsApiOptions settings) => settings.Authority.OriginalString.TrimEnd('/');
}
