using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Abstractions.Keys;
using DeferredOrleans.Abstractions.Refresh;
using DeferredOrleans.Abstractions.Tokens;
using DeferredOrleans.Core.Crypto;
using DeferredOrleans.Core.Deferrals;

namespace DeferredOrleans.GrainTests;

/// <summary>
/// The talk's refresh example on the grains, with a fake clock: a six-month grant asks its owner about three days
/// before it ends (at 5.9 months); approval extends the same family, denial revokes it, and a refresh after the end
/// waits for that same request. The reminder checks every second of real time; the grains read the fake clock.
/// </summary>
public sealed class RefreshReauthorizationGrainTests : IAsyncLifetime
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(180);
    private static readonly TimeSpan Lead = TimeSpan.FromDays(3);
    private static readonly TimeSpan Grace = TimeSpan.FromDays(7);

    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(settings: new Dictionary<string, string?>
    {
        ["DeferredOrleans:Refresh:ReauthorizationCheckPeriod"] = "00:00:01",
    });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private DateTimeOffset Now => _cluster.Time.GetUtcNow();

    [Fact]
    public async Task Reminder_AtTheLeadTime_AsksTheOwnerInTheirInbox()
    {
        var grant = await StartGrantAsync();

        _cluster.Time.Advance(Lifetime - Lead - TimeSpan.FromHours(1));
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // two checks of the reminder, both too early
        Assert.Empty(await InboxAsync("alice"));

        _cluster.Time.Advance(TimeSpan.FromHours(2));
        var id = await AskedAsync();

        var view = await _cluster.Grains.GetGrain<IDeferralGrain>(id).GetViewAsync("alice");
        Assert.NotNull(view);
        Assert.Equal((Reauthorizations.GrantType, "agent", "alice"), (view.GrantType, view.ClientId, view.Subject));
        Assert.Equal<string>(["docs:read"], view.Scopes);
        Assert.Equal(grant.EndsAt + Grace, view.ExpiresAt);
        Assert.Equal(DeferralStatus.Pending, view.Status);
    }

    [Fact]
    public async Task Approval_BeforeTheEnd_ExtendsTheSameFamilyAndItsCurrentTokenKeepsWorking()
    {
        var grant = await StartGrantAsync();
        _cluster.Time.Advance(Lifetime - Lead);
        var id = await AskedAsync();

        _cluster.Time.Advance(TimeSpan.FromDays(1));
        var approvedAt = Now;
        await _cluster.Grains.GetGrain<IDeferralGrain>(id).DecideAsync(new ApproverDecision("alice", true));

        var described = await grant.Family.DescribeAsync(grant.Presentation);
        Assert.Equal(RefreshResult.Valid, described.Result);
        Assert.Equal(approvedAt + Lifetime, described.Family!.AuthorizationExpiresAt);

        // Past the original end, the client's current token rotates as before: no new authorization, no client action.
        _cluster.Time.Advance(TimeSpan.FromDays(3));
        var next = NewDigest();
        var rotated = await grant.Family.RotateAsync(grant.Presentation, next, new IssuedAccessToken("jti-2", Now.AddMinutes(10)));
        Assert.Equal(RefreshResult.Valid, rotated.Result);
        Assert.Equal(approvedAt + Lifetime, rotated.Family!.AuthorizationExpiresAt);
        Assert.Equal(RefreshResult.Valid, (await grant.Family.DescribeAsync(new RefreshPresentation("agent", next, null))).Result);
    }

    [Fact]
    public async Task Approval_ExtendedGrant_AsksAgainBeforeItsNewEnd()
    {
        var grant = await StartGrantAsync();
        _cluster.Time.Advance(Lifetime - Lead);
        var first = await AskedAsync();
        await _cluster.Grains.GetGrain<IDeferralGrain>(first).DecideAsync(new ApproverDecision("alice", true));

        // Asked again at the lead time before the new end (177 + 180 days), not before.
        _cluster.Time.Advance(Lifetime - TimeSpan.FromDays(1));
        var second = await AskedAsync(except: first);

        Assert.NotEqual(first, second);
        Assert.Equal(RefreshResult.Valid, (await grant.Family.DescribeAsync(grant.Presentation)).Result);
    }

    [Fact]
    public async Task Denial_RevokesTheFamily()
    {
        var grant = await StartGrantAsync();
        _cluster.Time.Advance(Lifetime - Lead);
        var id = await AskedAsync();

        await _cluster.Grains.GetGrain<IDeferralGrain>(id).DecideAsync(new ApproverDecision("alice", false));

        Assert.Equal(RefreshResult.Invalid, (await grant.Family.InspectAsync(grant.Presentation)).Result);
        Assert.True(await _cluster.Grains.GetGrain<ITokenRevocationGrain>("jti-1").IsRevokedAsync());
    }

    [Fact]
    public async Task RefreshAfterTheEnd_NoDecisionYet_IsDeferredToThatSameRequestWhichThenExtendsAndRotates()
    {
        var grant = await StartGrantAsync();
        _cluster.Time.Advance(Lifetime - Lead);
        var id = await AskedAsync();
        _cluster.Time.Advance(Lead + TimeSpan.FromHours(1));

        var first = await grant.Family.InspectAsync(grant.Presentation);
        var again = await grant.Family.InspectAsync(grant.Presentation);

        Assert.Equal(RefreshResult.ReauthorizationPending, first.Result);
        var code = await UnsealAsync(first.Reauthorization!.SealedCode);
        Assert.Equal(id, DeferralIds.Of(code));
        Assert.Equal(code, await UnsealAsync(again.Reauthorization!.SealedCode));
        Assert.Equal(grant.EndsAt + Grace, first.Reauthorization.ExpiresAt);

        // The owner approves; the client's poll collects it, and the family rotates once, with its end extended.
        var deferral = _cluster.Grains.GetGrain<IDeferralGrain>(id);
        var approvedAt = Now;
        await deferral.DecideAsync(new ApproverDecision("alice", true));
        _cluster.Time.Advance(TimeSpan.FromSeconds(first.Reauthorization.IntervalSeconds));
        var polled = await deferral.PollAsync(new PollRequest("agent"));
        Assert.Equal(PollVerdict.Issued, polled.Verdict);
        Assert.Equal(grant.Id, polled.Issuance!.Request.GrantData);

        var completed = await grant.Family.CompleteSuspendedAsync(id, NewDigest(), new IssuedAccessToken("jti-2", Now.AddMinutes(10)));
        Assert.Equal(RefreshResult.Valid, completed.Result);
        Assert.Equal(approvedAt + Lifetime, completed.Family!.AuthorizationExpiresAt);
        Assert.Equal(RefreshResult.Invalid, (await grant.Family.CompleteSuspendedAsync(id, NewDigest(), new IssuedAccessToken("jti-3", Now.AddMinutes(10)))).Result);
    }

    [Fact]
    public async Task RefreshAfterTheEnd_ReauthorizationExpiredUndecided_IsInvalid()
    {
        var grant = await StartGrantAsync();
        _cluster.Time.Advance(Lifetime - Lead);
        await AskedAsync();

        _cluster.Time.Advance(Lead + Grace);

        Assert.Equal(RefreshResult.Invalid, (await grant.Family.InspectAsync(grant.Presentation)).Result);
    }

    [Fact]
    public async Task Family_WithoutTerms_SimplyEnds()
    {
        var grant = await StartGrantAsync(terms: false);
        _cluster.Time.Advance(Lifetime);

        Assert.Equal(RefreshResult.Invalid, (await grant.Family.InspectAsync(grant.Presentation)).Result);
        Assert.Empty(await InboxAsync("alice"));
    }

    private async Task<Grant> StartGrantAsync(bool terms = true)
    {
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var family = _cluster.Grains.GetGrain<IRefreshTokenFamilyGrain>(id);
        var digest = NewDigest();
        var endsAt = Now + Lifetime;
        var reauthorization = terms
            ? new ReauthorizationTerms(Lead, Grace, "reauthorization-owner", [new ApprovalRequirement("owner", ApprovalRoute.Subject, ["alice"], 1)], 5, Lifetime, false)
            : null;
        await family.CreateAsync(
            new RefreshFamily("agent", "alice", ["docs:read"], [], null, null, null, endsAt, TimeSpan.FromDays(365), reauthorization),
            digest,
            new IssuedAccessToken("jti-1", endsAt)); // a token that lives as long as the grant, so that revocation can be seen
        return new Grant(id, family, new RefreshPresentation("agent", digest, null), endsAt);
    }

    /// <summary>The digest of a fresh refresh token secret: all a family ever sees of a token.</summary>
    private static string NewDigest() => Base64Url.EncodeToString(SHA256.HashData(RandomNumberGenerator.GetBytes(32)));

    private async Task<string> AskedAsync(string? except = null)
    {
        string? id = null;
        await DeferralGrainTests.Eventually(
            async () => (id = (await InboxAsync("alice")).FirstOrDefault(i => i != except)) is not null, seconds: 30);
        return id!;
    }

    private async Task<string> UnsealAsync(byte[] sealedCode)
    {
        var ring = await _cluster.Grains.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).GetAsync();
        return Encoding.ASCII.GetString(Sealer.Unseal(ring.SealingKey, sealedCode)!);
    }

    private async Task<List<string>> InboxAsync(string approver) =>
        [.. (await _cluster.Grains.GetGrain<IApproverInboxGrain>(approver).ListAsync(null, 200)).Items.Select(i => i.DeferralId)];

    private sealed record Grant(string Id, IRefreshTokenFamilyGrain Family, RefreshPresentation Presentation, DateTimeOffset EndsAt);
}
