using System.Collections.Frozen;
using DeferredOrleans.Core;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Gateway.PolicyManagement;
using DeferredOrleans.Gateway.Security;

namespace DeferredOrleans.Gateway.Api;

/// <summary>
/// Who is calling the approval (or admin) API: a person with HTTP Basic (directory user and password), or a machine
/// approver (a workflow system) with a bearer token. Machine tokens are generated with high entropy, so they are
/// found by their SHA-256 digest. The live directory is used, so runtime changes apply at once.
/// </summary>
public sealed class ApproverAuthenticator
{
    private readonly PolicyStore _store;
    private readonly SecretVerifier _secrets;
    private (OrganizationDirectory Directory, FrozenDictionary<string, string> Machines) _index;

    public ApproverAuthenticator(PolicyStore store, SecretVerifier secrets)
    {
        _store = store;
        _secrets = secrets;
        var problems = DirectoryCredentials.Problems(store.Directory.Users).ToList();
        if (problems.Count > 0)
        {
            throw new ConfigurationProblemException("directory", problems);
        }

        _index = (store.Directory, Index(store.Directory));
    }

    /// <summary>The challenge sent with a 401.</summary>
    public static string Challenge => "Basic realm=\"approvals\", Bearer realm=\"approvals\"";

    /// <summary>The approver's id, or null when the credentials are missing or wrong.</summary>
    public string? Authenticate(HttpRequest request)
    {
        var directory = _store.Directory;
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = header["Bearer ".Length..].Trim();
            return token.Length > 0 && Machines(directory).TryGetValue(SecretHasher.HashToken(token), out var machine) ? machine : null;
        }

        if (!BasicCredentials.TryParse(header, formUrlEncoded: false, out var user, out var password))
        {
            return null;
        }

        return AuthenticatePassword(request, user, password);
    }

    /// <summary>
    /// The one password check for approvers: HTTP Basic above and the inbox's sign-in form both come here, so a
    /// limit or lockout added here holds for both. The user's id, or null.
    /// </summary>
    public string? AuthenticatePassword(HttpRequest request, string user, string password) =>
        _store.Directory.FindUser(user) is { PasswordHash: { } hash } && _secrets.Verify(password, hash) ? user : null;

    private FrozenDictionary<string, string> Machines(OrganizationDirectory directory)
    {
        var index = _index;
        if (!ReferenceEquals(index.Directory, directory))
        {
            index = (directory, Index(directory));
            _index = index;
        }

        return index.Machines;
    }

    private static FrozenDictionary<string, string> Index(OrganizationDirectory directory) =>
        directory.Users.Where(u => u.TokenHash is not null).GroupBy(u => u.TokenHash!).ToFrozenDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
}
