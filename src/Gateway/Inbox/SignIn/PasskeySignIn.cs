namespace DeferredOrleans.Gateway.Inbox.SignIn;

/// <summary>A passkey (WebAuthn) registered on the profile page: RFC 8176 <c>hwk</c> and <c>user</c>, see <see cref="Passkeys.PasskeyEndpoints"/>.</summary>
public sealed class PasskeySignIn : ISignInMethod
{
    public string Id => "passkey";

    public string Partial => "_PasskeySignIn";
}
