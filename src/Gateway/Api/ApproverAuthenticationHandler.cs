using System.Security.Claims;
using System.Text.Encodings.Web;
using DeferredOrleans.Gateway.PolicyManagement;
using DeferredOrleans.Gateway.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Api;

/// <summary>
/// The approval and admin APIs' authentication scheme: HTTP Basic for people, a bearer token for machine approvers
/// (<see cref="ApproverAuthenticator"/>), with the user's directory roles as role claims. Refusals are the APIs' own
/// JSON errors: 401 with a challenge for both kinds of credential, 429 for an account over its rate or locked after
/// failures, 503 when the server is too busy to check a password, 403 when a role is missing.
/// </summary>
public sealed class ApproverAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApproverAuthenticator approvers,
    PolicyStore store,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Approver";

    private CredentialCheck _refusal;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var (id, check) = await approvers.AuthenticateAsync(Request);
        if (id is null)
        {
            _refusal = check;
            return AuthenticateResult.NoResult();
        }

        // Roles come from the live directory, so a role granted or removed at runtime applies to the next request.
        var roles = store.Directory.FindUser(id)?.Roles ?? [];
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), .. roles.Select(r => new Claim(ClaimTypes.Role, r)), .. AuthenticationClaims()], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>
    /// RFC 8176 <c>pwd</c> at this moment for a password sent with the request (it authenticates this request alone);
    /// nothing for a machine token, which no step-up can accept.
    /// </summary>
    private IEnumerable<Claim> AuthenticationClaims() => Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        ? []
        : [
            new Claim(ApproverSessions.MethodClaim, ApproverSessions.Password),
            new Claim(ApproverSessions.AuthTimeClaim, time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), ClaimValueTypes.Integer64),
        ];

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        (_refusal.IsRefusal ? ApiResults.Refused(_refusal) : ApiResults.Unauthenticated()).ExecuteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => ApiResults.Forbidden("the admin role is required").ExecuteAsync(Context);
}
