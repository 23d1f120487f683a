using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Samples.DocsApi;

/// <summary><c>GET /docs</c>, <c>GET /docs/{id}</c> (docs:read) and <c>PUT /docs/{id}</c> (doc:write for that document, approved).</summary>
public static class DocsEndpoints
{
    public static IEndpointRouteBuilder MapDocs(this IEndpointRouteBuilder app)
    {
        var docs = app.MapGroup("/docs");
        docs.MapGet("", ListAsync);
        docs.MapGet("/{id}", ReadAsync);
        docs.MapPut("/{id}", WriteAsync);
        return app;
    }

    private static async Task<Results<Ok<DocumentSummary[]>, BearerChallengeResult>> ListAsync(HttpContext http, DocumentStore store, IOptions<DocsApiOptions> options)
    {
        var settings = options.Value;
        if (await ReaderChallengeAsync(http, settings) is { } challenge)
        {
            return challenge;
        }

        return TypedResults.Ok(store.All.Select(d => new DocumentSummary(d.Id, d.Title, d.Owner)).ToArray());
    }

    private static async Task<Results<Ok<Document>, NotFound, BearerChallengeResult>> ReadAsync(string id, HttpContext http, DocumentStore store, IOptions<DocsApiOptions> options)
    {
        var settings = options.Value;
        if (await ReaderChallengeAsync(http, settings) is { } challenge)
        {
            return challenge;
        }

        return store.Find(id) is { } document ? TypedResults.Ok(document) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<Document>, NotFound, BadRequest, BearerChallengeResult>> WriteAsync(
        string id, WriteRequest body, HttpContext http, DocumentStore store, IOptions<DocsApiOptions> options, TimeProvider time)
    {
        var settings = options.Value;
        if (store.Find(id) is not { } document)
        {
            return TypedResults.NotFound();
        }

        // RFC 9728 §3.1: each document is a protected resource of its own, with its own metadata.
        var metadata = settings.MetadataFor($"/docs/{id}");
        var (token, challenge) = await Caller.AuthenticateAsync(http, metadata, AccessRules.WriteScope);
        if (challenge is not null)
        {
            return challenge;
        }

        var decision = AccessRules.Write(token!, id, time.GetUtcNow());
        if (!decision.Allowed)
        {
            return BearerChallengeResult.Forbidden(metadata, decision);
        }

        return string.IsNullOrEmpty(body.Content) ? TypedResults.BadRequest() : TypedResults.Ok(store.Write(document, body.Content, token!.ClientId ?? "unknown client"));
    }

    private static async Task<BearerChallengeResult?> ReaderChallengeAsync(HttpContext http, DocsApiOptions settings)
    {
        var metadata = settings.MetadataFor();
        var (token, challenge) = await Caller.AuthenticateAsync(http, metadata, AccessRules.ReadScope);
        if (challenge is not null)
        {
            return challenge;
        }

        var decision = AccessRules.Read(token!, settings.Resource);
        return decision.Allowed ? null : BearerChallengeResult.Forbidden(metadata, decision);
    }
}
