using System.Collections.Frozen;
using DeferredOrleans.Gateway.Security;
using DeferredOrleans.Organization;


namespace DeferredOrleans.Gateway.Approvals;

/// <summary>
/// Who is calling the approval API: a person with HTTP Basic (directory user and password), or a machine approver
/// (a workflow system) with a bearer token. Machine tokens are generated with high entropy, so they are found by
/// their SHA-256 digest.
/// </summary>
public sealed class ApproverAuthenticator
{
    private readonly OrganizationDirectory _directory;
    private readonly SecretVerifier _secrets;
    private readonly FrozenDictionary<string, string> _machinesByTokenHash;

    public ApproverAuthenticator(OrganizationDirectory directory, SecretVerifier secrets)
    {
        _directory = directory;
        _secrets = secrets;
        var problems = directory.Users
            .Where(u => (u.PasswordHash is not null && !SecretHasher.IsValid(u.PasswordHash)) || (u.TokenHash is not null && !SecretHasher.IsTokenHash(u.TokenHash)))
            .Select(u => $"user '{u.Id}' has a malformed PasswordHash or TokenHash (TokenHash must be made with hash-secret --token)")
            .ToList();
        if (problems.Count > 0)
        {
            throw new ConfigurationProblemException("directory", problems);
        }

        _machinesByTokenHash = directory.Users.Where(u => u.TokenHash is not null).ToFrozenDictionary(u => u.TokenHash!, u => u.Id, StringComparer.Ordinal);
    }

    /// <summary>The approver's id, or null when the credentials are missing or wrong.</summary>
    public string? Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = header["Bearer ".Length..].Trim();
            return token.Length > 0 && _machinesByTokenHash.TryGetValue(SecretHasher.HashToken(token), out var machine) ? machine : null;
        }

        if (!BasicCredentials.TryParse(header, formUrlEncoded: false, out var user, out var password))
        {
            return null;
        }

        return _directory.FindUser(user) is { PasswordHash: { } hash } && _secrets.Verify(password, hash) ? user : null;
    }

    /// <summary>The challenge sent with a 401.</summary>
    public static string Challenge => $"Basic realm=\"approvals\", Bearer realm=\"approvals\"";

}
