using System.Collections.Frozen;
using DeferredOrleans.Core;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Gateway.PolicyManagement;
using DeferredOrleans.Gateway.Security;

namespace DeferredOrleans.Gateway.Api;

/// <summary>
/// Who is calling the approval (or admin) API: a person with HTTP Basic (directory user and password), or a machine
/// approver (a workflow system) with a bearer token. Machine tokens are generated with high entropy, so they are
/// found by their SHA-256 digest. The live directory is used, so runtime changes apply at once. Passwords are
/// checked through the <see cref="CredentialGuard"/> (rate per account, lockout, equal cost for unknown users).
/// </summary>
public sealed class ApproverAuthenticator
{
    private readonly PolicyStore _store;
    private readonly CredentialGuard _guard;
    private (OrganizationDirectory Directory, FrozenDictionary<string, string> Machines) _index;

    public ApproverAuthenticator(PolicyStore store, CredentialGuard guard)
    {
        _store = store;
        _guard = guard;
        var problems = DirectoryCredentials.Problems(store.Directory.Users).ToList();
        if (problems.Count > 0)
        {
            throw new ConfigurationProblemException("directory", problems);
        }

        _index = (store.Directory, Index(store.Directory));
    }

    /// <summary>The challenge sent with a 401.</summary>
    public static string Challenge => "Basic realm=\"approvals\", Bearer realm=\"approvals\"";

    /// <summary>The approver's id, or null with the verdict when the credentials are missing, wrong or refused.</summary>
    public async Task<(string? Id, CredentialCheck Check)> AuthenticateAsync(HttpRequest request)
    {
        var directory = _store.Directory;
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            // Machine tokens have 256 bits: guessing them is hopeless, and the per-address limit bounds trying.
            var token = header["Bearer ".Length..].Trim();
            return token.Length > 0 && Machines(directory).TryGetValue(SecretHasher.HashToken(token), out var machine)
                ? (machine, CredentialCheck.Valid)
                : (null, CredentialCheck.Invalid);
        }

        if (!BasicCredentials.TryParse(header, formUrlEncoded: false, out var user, out var password))
        {
            return (null, CredentialCheck.Invalid);
        }

        return await AuthenticatePasswordAsync(request, user, password);
    }

    /// <summary>
    /// The one password check for approvers: HTTP Basic above and the inbox's sign-in form both come here, so the
    /// <see cref="CredentialGuard"/>'s rate, lockout and equal cost hold for both. The user's id, or null with the verdict.
    /// </summary>
    public async Task<(string? Id, CredentialCheck Check)> AuthenticatePasswordAsync(HttpRequest request, string user, string password)
    {
        var check = await _guard.VerifyPasswordAsync(_store.Directory, user, password, request.HttpContext.RequestAborted);
        return (check.Verdict == CredentialVerdict.Valid ? user : null, check);
    }

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
