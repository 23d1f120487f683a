using System.Text;
using DeferredOrleans.Gateway.Configuration;
using Fido2NetLib;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Inbox.Passkeys;

/// <summary>
/// The WebAuthn relying party (<see cref="Fido2"/>) and the state between a ceremony's two requests: the options sent
/// to the browser (with their challenge), kept in an HttpOnly cookie that the gateways' Data Protection encrypts,
/// binds to the ceremony and the user, and lets expire. Any gateway of a cluster can finish a ceremony another began.
/// </summary>
public sealed class PasskeyCeremonies(IOptions<PasskeyOptions> passkeys, IOptions<ServerOptions> server, IDataProtectionProvider dataProtection, TimeProvider time)
{
    public const string RegistrationKind = "registration";
    public const string AuthenticationKind = "authentication";

    private const string CookieName = "inbox-passkey";
    private const string Purpose = "DeferredOrleans.Passkeys.Ceremony";

    public IFido2 RelyingParty { get; } = new Fido2(Configuration(passkeys.Value, server.Value));

    public PasskeyOptions Options => passkeys.Value;

    /// <summary>Keeps a ceremony's options for its second request; a new ceremony replaces any unfinished one.</summary>
    public void Begin(HttpContext http, string kind, string? userId, string optionsJson)
    {
        var expires = time.GetUtcNow() + passkeys.Value.CeremonyTimeout;
        var value = Protector(kind, userId).Protect(optionsJson, expires);
        http.Response.Cookies.Append(CookieName, value, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = PasskeyEndpoints.Path,
            MaxAge = passkeys.Value.CeremonyTimeout,
        });
    }

    /// <summary>
    /// The options of the ceremony this browser began for this kind and user, once: the cookie is removed. Null when
    /// there is none, it expired, or it was begun for something else.
    /// </summary>
    public string? Finish(HttpContext http, string kind, string? userId)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var value) || value is null)
        {
            return null;
        }

        http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = PasskeyEndpoints.Path, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Strict, HttpOnly = true });
        try
        {
            return Protector(kind, userId).Unprotect(value, out var expires) is { } json && expires > time.GetUtcNow() ? json : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The WebAuthn user handle of a directory user: their id, as WebAuthn's opaque bytes.</summary>
    public static byte[] UserHandle(string userId) => Encoding.UTF8.GetBytes(userId);

    private ITimeLimitedDataProtector Protector(string kind, string? userId) =>
        dataProtection.CreateProtector(Purpose, kind, userId ?? "").ToTimeLimitedDataProtector();

    private static Fido2Configuration Configuration(PasskeyOptions options, ServerOptions server)
    {
        var issuer = new Uri(server.Issuer);
        var origins = options.Origins.Count > 0 ? options.Origins : [issuer.GetLeftPart(UriPartial.Authority)];
        return new Fido2Configuration
        {
            RPID = options.RelyingPartyId ?? issuer.Host,
            RPName = options.RelyingPartyName,
            Origins = new HashSet<string>(origins, StringComparer.Ordinal),
            Timeout = (uint)options.CeremonyTimeout.TotalMilliseconds,
        };
    }
}
