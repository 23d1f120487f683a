using System.Text.Json;
using DeferredOrleans.Abstractions.Organization;
using DeferredOrleans.Core.Notifications;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Gateway.Api;
using DeferredOrleans.Gateway.Approvals;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.Inbox;
using DeferredOrleans.Gateway.Security;

namespace DeferredOrleans.UnitTests;

/// <summary>The web inbox's pure rules as tables: details in words, the actor chain, return addresses, filters.</summary>
public sealed class InboxRulesTests
{
    private static readonly string Hash = SecretHasher.HashPassword("secret", iterations: 1000);

    private static readonly ClientRegistry Clients = new(
        [
            new ClientRegistration { ClientId = "alice-assistant", SecretHash = Hash, ActsFor = "alice", Scopes = ["doc:write"] },
            new ClientRegistration { ClientId = "agent", SecretHash = Hash, Scopes = ["doc:write"] },
        ],
        OrganizationDirectory.From(new DirectoryOptions { Users = [new DirectoryUser { Id = "alice" }] }),
        new CallbackOptions());

    [Theory]
    [InlineData("""{"type":"payment_initiation","instructedAmount":{"amount":"250","currency":"EUR"},"creditorName":"ACME"}""", "payment of 250 EUR to ACME")]
    [InlineData("""{"type":"payment_initiation","amount":250.50,"currency":"EUR","creditorName":"Merchant A"}""", "payment of 250.50 EUR to Merchant A")]
    [InlineData("""{"type":"payment_initiation","instructedAmount":{"amount":"12","currency":"CHF"},"creditorName":"ACME","creditorAccount":{"iban":"CH93"},"remittanceInformationUnstructured":"Ref 7"}""", "payment of 12 CHF to ACME (CH93), reference “Ref 7”")]
    [InlineData("""{"type":"payment","amount":5,"currency":"EUR","creditor":{"iban":"DE89"}}""", "payment of 5 EUR to DE89")]
    [InlineData("""{"type":"account_information","actions":["read","list"],"locations":["https://bank.example"],"datatypes":["balances"]}""", "account information: read, list at https://bank.example, data: balances")]
    [InlineData("""{"type":"file_access","actions":["write"],"identifier":"report.pdf","privileges":["owner"]}""", "file access: write on report.pdf, privileges: owner")]
    [InlineData("""{"type":"custom","limit":3,"urgent":true,"scope":{"region":"eu"},"tags":["a","b"],"none":null}""", "custom; limit: 3; urgent: yes; scope: {region: eu}; tags: [a, b]; none: none")]
    [InlineData("""{"actions":["read"]}""", "unnamed: read")]
    [InlineData("""{"type":"<b>x</b>","note":"<script>"}""", "<b>x</b>; note: <script>")]
    public void DetailText_DescribesAnObjectInWords(string json, string expected)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(expected, DetailText.Describe(document.RootElement));
    }

    [Fact]
    public void DetailText_AnUnreadableArray_IsShownAsItsText() =>
        Assert.Equal(["not json"], DetailText.DescribeAll("not json"));

    [Theory]
    [InlineData("""{"sub":"agent-x","act":{"sub":"assistant-y"}}""", "agent", "alice", "agent-x,assistant-y")]
    [InlineData("""{"sub":"agent-x"}""", "agent-x", "alice", "agent-x")]
    [InlineData(null, "alice-assistant", "alice", "alice-assistant")]
    [InlineData(null, "agent", "agent", "")]
    [InlineData(null, "alice-assistant", "bob", "")]
    [InlineData("not json", "agent", "alice", "")]
    [InlineData("""{"act":{"sub":"x"}}""", "agent", "alice", "")]
    public void ActorChain_ListsWhoActsForTheSubjectOutermostFirst(string? act, string client, string subject, string expected) =>
        Assert.Equal(expected, string.Join(',', RequestActors.Of(act, client, subject, Clients)));

    [Theory]
    [InlineData("/inbox/abc", "/inbox/abc")]
    [InlineData("/inbox?client=agent&sort=newest", "/inbox?client=agent&sort=newest")]
    [InlineData("/", "/")]
    [InlineData(null, "/inbox")]
    [InlineData("", "/inbox")]
    [InlineData("https://evil.example/", "/inbox")]
    [InlineData("//evil.example/", "/inbox")]
    [InlineData("/\\evil.example/", "/inbox")]
    [InlineData("/inbox\\..\\x", "/inbox")]
    [InlineData("javascript:alert(1)", "/inbox")]
    [InlineData("inbox", "/inbox")]
    [InlineData("/inbox/\u0000", "/inbox")]
    public void LocalReturnUrl_KeepsPathsOnThisServerOnly(string? returnUrl, string expected) =>
        Assert.Equal(expected, ApproverSessions.LocalReturnUrl(returnUrl));

    [Theory]
    [InlineData("", "")]
    [InlineData("?client=agent", "?client=agent")]
    [InlineData("?client=agent&age=week&sort=oldest", "?client=agent")]
    [InlineData("?age=day&sort=newest", "?age=day&sort=newest")]
    [InlineData("?resource=doc%201&rule=r", "?resource=doc%201&rule=r")]
    public void InboxFilter_KeepsKnownValuesAndDropsTheRest(string query, string expected) =>
        Assert.Equal(expected, InboxFilter.From(new Microsoft.AspNetCore.Http.QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query))).Query());
}
