using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeferredOrleans.HttpTests;

/// <summary>The sign-in ticket carried from <c>/authorize</c>'s sign-in form to its consent form is good for one consent.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ConsentTicketTests(GatewayFactory factory)
{
    private readonly OAuthTestClient _client = new(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), factory.Time);

    [Fact]
    public async Task Consent_TicketUsedTwice_GivesNoSecondCode()
    {
        var web = new AuthorizationCodeFlow(_client, "web");
        var signedIn = await web.SignInAsync("read");

        var first = await web.ConsentAsync(signedIn);
        var replay = await web.ConsentAsync(signedIn);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.NotNull(AuthorizationCodeFlow.CodeOf(first));
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Null(AuthorizationCodeFlow.CodeOf(replay));
    }

    [Fact]
    public async Task Consent_TicketUsedToDeny_CannotAllowAfterwards()
    {
        var web = new AuthorizationCodeFlow(_client, "web");
        var signedIn = await web.SignInAsync("read");

        var denied = await web.ConsentAsync(signedIn, "deny");
        var allowed = await web.ConsentAsync(signedIn, "allow");

        Assert.Contains("error=access_denied", denied.Headers.Location!.Query, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        Assert.Null(AuthorizationCodeFlow.CodeOf(allowed));
    }
}
