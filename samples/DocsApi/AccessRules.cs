namespace DeferredOrleans.Samples.DocsApi;

/// <summary>
/// Who may read and write, as pure functions over the presented token. Reading needs <c>docs:read</c> for this
/// server; writing a document needs <c>doc:write</c> with that document as the audience (RFC 8707) and a human
/// approval (the token's <c>approval</c> claim) that has not ended.
/// </summary>
public static class AccessRules
{
    public const string ReadScope = "docs:read";
    public const string WriteScope = "doc:write";

    public static AccessDecision Read(PresentedToken token, Uri resource)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(resource);
        if (!token.Scopes.Contains(ReadScope))
        {
            return AccessDecision.Insufficient(ReadScope, "reading needs docs:read");
        }

        // RFC 8707 §2: a token is for the resources it names; one for a single document does not read the others.
        var self = resource.OriginalString.TrimEnd('/');
        return token.Audiences.Any(a => a.TrimEnd('/') == self)
            ? AccessDecision.Allow
            : AccessDecision.Insufficient(ReadScope, $"the token is not for {resource}");
    }

    public static AccessDecision Write(PresentedToken token, string documentId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!token.Scopes.Contains(WriteScope) || !token.Audiences.Contains(documentId))
        {
            return AccessDecision.Insufficient(WriteScope, $"writing {documentId} needs doc:write for {documentId}");
        }

        // The approval is the proof that a human agreed; a token that outlives it (or never had one) writes nothing.
        if (token.ApprovedUntil is not { } until)
        {
            return AccessDecision.Insufficient(WriteScope, $"writing {documentId} needs a token that carries an approval");
        }

        return until > now
            ? AccessDecision.Allow
            : AccessDecision.Insufficient(WriteScope, $"the approval to write {documentId} ended at {until:O}");
    }
}
