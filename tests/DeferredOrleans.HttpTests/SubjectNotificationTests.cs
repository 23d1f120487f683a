using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// Telling the end user: an authorization code deferral (the bank's fraud review) and a CIBA deferral, decided in the
/// approval API, reach the subject by email, through the gateway, the deferral grain and the notification channel
/// the approvers use; the email never names who decided.
/// </summary>
[Collection(SubjectNotificationCollection.Name)]
public sealed class SubjectNotificationTests(SubjectNotificationGatewayFactory factory) : IAsyncLifetime
{
    private readonly OAuthTestClient _client = new(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), factory.Time);

    public async Task InitializeAsync()
    {
        if (!factory.Smtp.Running)
        {
            await factory.Smtp.StartAsync();
        }

        var profile = await _client.SendAsync(
            HttpMethod.Put, "/approvals/profile/notifications", OAuthTestClient.Basic("erin", OAuthTestClient.SecretOf("erin")),
            OAuthTestClient.Json("""{"channels":["email"],"email":"erin@example.com","window_seconds":0}"""));
        Assert.Equal(HttpStatusCode.OK, profile.Status);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AuthorizationCodeDeferral_Approved_TheSubjectIsToldByEmail()
    {
        var flow = new AuthorizationCodeFlow(_client, "web");
        var (code, verifier) = await flow.AuthorizeAsync("approve:me");
        var deferred = await flow.RedeemAsync(code, verifier, extra: ("completion_mode", "deferred"));
        var deferralCode = deferred.String("deferral_code")!;

        await _client.ApproveAsync("approver", deferralCode);

        var email = await ToErinAsync(DeferredOrleans.Gateway.OAuth.DeferralCodes.Id(deferralCode));
        Assert.StartsWith("Approved: web asked for approve:me", email.Message.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("approver", email.Raw, StringComparison.Ordinal);
        Assert.DoesNotContain(deferralCode, email.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CibaDeferral_Denied_TheSubjectIsToldByEmail()
    {
        var start = await _client.SendAsync(
            HttpMethod.Post, "/bc-authorize", OAuthTestClient.Basic("ciba", OAuthTestClient.SecretOf("ciba")),
            new FormUrlEncodedContent([KeyValuePair.Create("scope", "openid approve:me"), KeyValuePair.Create("login_hint", "erin")]));
        Assert.True(start.Status == HttpStatusCode.OK, start.Body);
        var authReqId = start.String("auth_req_id")!;

        Assert.Equal(HttpStatusCode.OK, (await _client.DenyAsync("approver", authReqId)).Status);

        var email = await ToErinAsync(DeferredOrleans.Gateway.OAuth.DeferralCodes.Id(authReqId));
        Assert.StartsWith("Denied: ciba asked for", email.Message.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain(authReqId, email.Raw, StringComparison.Ordinal);
    }

    /// <summary>
    /// The one decision email to erin that names the deferral (its id, not its code). In CIBA erin is also asked to
    /// consent, so she may have had the approvers' email about the same request too.
    /// </summary>
    private async Task<TestSupport.SmtpServer.Received> ToErinAsync(string deferralId)
    {
        bool Match(TestSupport.SmtpServer.Received m) =>
            m.Message.To.Mailboxes.Any(b => b.Address == "erin@example.com") && m.Raw.Contains(deferralId, StringComparison.Ordinal) &&
            ((m.Message.Subject ?? "").StartsWith("Approved:", StringComparison.Ordinal) || (m.Message.Subject ?? "").StartsWith("Denied:", StringComparison.Ordinal));
        await factory.Smtp.WaitForAsync(all => all.Any(Match));
        await Task.Delay(TimeSpan.FromSeconds(1)); // a second decision email would have come with the first
        return Assert.Single(factory.Smtp.Messages(), Match);
    }
}
