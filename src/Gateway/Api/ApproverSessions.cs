using System.Globalization;
using System.Security.Claims;
using DeferredOrleans.Gateway.PolicyManagement;
using Microsoft.AspNetCore.Authentication;

namespace DeferredOrleans.Gateway.Api;

/// <summary>
/// Signs approvers in and out of a browser session (a cookie, <see cref="Scheme"/>). Every sign-in method (the
/// password form today; passkeys or an upstream OpenID Provider later) proves who the user is its own way and then
/// ends in <see cref="SignInAsync"/>, which records how (<c>amr</c>, RFC 8176) and when (<c>auth_time</c>).
/// </summary>
public sealed class ApproverSessions(PolicyStore store, TimeProvider time)
{
    public const string Scheme = "ApproverSession";
    public const string SignInPath = "/inbox/signin";
    public const string SignOutPath = "/inbox/signout";

    /// <summary>RFC 8176 authentication method references: one claim per method used.</summary>
    public const string MethodClaim = "amr";

    /// <summary>When the user signed in, in seconds since the epoch (as OpenID Connect's <c>auth_time</c>).</summary>
    public const string AuthTimeClaim = "auth_time";

    /// <summary>RFC 8176 <c>pwd</c>: a password.</summary>
    public const string Password = "pwd";

    /// <summary>
    /// Starts a session for a directory user whose identity a sign-in method has just proved, with the methods it
    /// used. The cookie is a browser-session cookie; its ticket expires after the idle timeout and is renewed by use.
    /// </summary>
    public Task SignInAsync(HttpContext http, string userId, IReadOnlyCollection<string> methods)
    {
        var now = time.GetUtcNow();
        var name = store.Directory.FindUser(userId)?.Name ?? userId;
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, userId),
                new Claim(ClaimTypes.Name, name),
                new Claim(AuthTimeClaim, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64),
                .. methods.Select(m => new Claim(MethodClaim, m)),
            ],
            Scheme,
            ClaimTypes.Name,
            ClaimTypes.Role);
        return http.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false, IssuedUtc = now, AllowRefresh = true });
    }

    public Task SignOutAsync(HttpContext http) => http.SignOutAsync(Scheme);

    /// <summary>When the session's user signed in, or null when the principal carries no session.</summary>
    public static DateTimeOffset? AuthTime(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(AuthTimeClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>
    /// A return address after sign-in: a path on this server only (never another host, <c>//host</c> or <c>/\host</c>),
    /// else the inbox. Deep links survive sign-in; open redirects do not.
    /// </summary>
    public static string LocalReturnUrl(string? returnUrl, string fallback = "/inbox") =>
        returnUrl is { Length: > 0 and <= 2048 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) &&
        !url.Any(c => char.IsControl(c) || c == '\\')
            ? url
            : fallback;
}
