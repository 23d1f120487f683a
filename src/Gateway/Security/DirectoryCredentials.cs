using DeferredOrleans.Abstractions.Organization;

namespace DeferredOrleans.Gateway.Security;

/// <summary>The directory's stored credentials (password and machine token hashes), checked before they are used.</summary>
public static class DirectoryCredentials
{
    /// <summary>Malformed credential hashes, which would make a user unable to sign in.</summary>
    public static IEnumerable<string> Problems(IEnumerable<DirectoryUser> users) => users
        .Where(u => (u.PasswordHash is not null && !SecretHasher.IsValid(u.PasswordHash)) || (u.TokenHash is not null && !SecretHasher.IsTokenHash(u.TokenHash)))
        .Select(u => $"user '{u.Id}' has a malformed PasswordHash or TokenHash (TokenHash must be made with hash-secret --token)");
}
