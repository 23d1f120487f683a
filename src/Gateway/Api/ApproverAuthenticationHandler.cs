using System.Security.Claims;
using System.Text.Encodings.Web;
using DeferredOrleans.Gateway.PolicyManagement;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Api;

/// <summary>
/// The approval and admin APIs' authentication scheme: HTTP Basic for people, a bearer token for machine approvers
/// (<see cref="ApproverAuthenticator"/>), with the user's directory roles as role claims. Refusals are the APIs' own
/// JSON errors: 401 with a challenge for both kinds of credential, 403 when a role is missing.
/// </summary>
public sealed class ApproverAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApproverAuthenticator approvers,
    PolicyStore store) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Approver";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (approvers.Authenticate(Request) is not { } id)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // Roles come from the live directory, so a role granted or removed at runtime applies to the next request.
        var roles = store.Directory.FindUser(id)?.Roles ?? [];
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), .. roles.Select(r => new Claim(ClaimTypes.Role, r))], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => ApiResults.Unauthenticated().ExecuteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => ApiResults.Forbidden("the admin role is required").ExecuteAsync(Context);
}
