namespace DeferredOrleans.Gateway.Inbox.SignIn;

/// <summary>User name and password against the directory's hashes (RFC 8176 <c>pwd</c>), checked by <see cref="Api.ApproverAuthenticator.AuthenticatePasswordAsync"/>.</summary>
public sealed class PasswordSignIn : ISignInMethod
{
    public string Id => "password";

    public string Partial => "_PasswordSignIn";
}
