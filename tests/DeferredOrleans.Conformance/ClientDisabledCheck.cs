using System.Net;

namespace DeferredOrleans.Conformance;

/// <summary>
/// Check 38 of docs/conformance.md, re-checking at issuance. C1 is disabled the way an operator of a configured
/// client would: restart the server on the same SQLite file with a configuration in which C1 has
/// <c>"Enabled": false</c>, which replaces the seeded registration (the admin API's disable is HttpTests/ClientAdminTests).
/// </summary>
public sealed class ClientDisabledCheck
{
    /// <summary>Position of C1 in conformance.json's client list.</summary>
    private const int C1Index = 0;

    [Fact]
    public async Task Check38_ClientDisabledAfterApproval_PollIsInvalidClientAndNoToken()
    {
        using var database = new TempDatabase("conformance");
        var launch = ConformanceServer.Launch(database.Path);
        string code;
        await using (var before = await GatewayProcess.StartAsync(launch))
        {
            using var client = new DtrClient(new HttpClient(TestCertificate.Handler(null)) { BaseAddress = before.Address }, before.Issuer);
            var deferral = await client.DeferAsync(Credentials.C1, "approve:me");
            Assert.Equal(HttpStatusCode.OK, (await client.ApproveAsync(deferral.Code)).Status);
            code = deferral.Code;
        }

        await using var after = await GatewayProcess.StartAsync(launch with
        {
            Settings = new Dictionary<string, string> { [$"DeferredOrleans__Clients__{C1Index}__Enabled"] = "false" },
        });
        using var restarted = new DtrClient(new HttpClient(TestCertificate.Handler(null)) { BaseAddress = after.Address }, after.Issuer);

        var poll = await restarted.TokenAsync(Credentials.C1, ("grant_type", DtrClient.DeferredGrant), ("deferral_code", code));
        var again = await restarted.TokenAsync(Credentials.C1, ("grant_type", DtrClient.DeferredGrant), ("deferral_code", code));

        // A disabled client fails authentication (the check allows invalid_client instead of access_denied).
        Wire.AssertError(poll, "invalid_client");
        Wire.AssertError(again, "invalid_client");
        Assert.Contains(poll.Response.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
    }
}
