using System.Collections.Immutable;
using System.Reflection;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.Deferrals;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Token;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeferredOrleans.UnitTests;

/// <summary>
/// The <c>deferral.redeemed</c> record of a redeemed deferral is appended exactly once before the answer: in the
/// minted token's append when the completion mints one, by the poller when the completion refuses or fails.
/// </summary>
public sealed class DeferralPollerTests
{
    private const string GrantType = "client_credentials";

    private readonly List<ImmutableArray<AuditEvent>> _appends = [];

    [Fact]
    public async Task ACompletionThatMints_TakesTheRedemptionIntoTheTokensAppend_AndThePollerAddsNone()
    {
        var result = await PollAsync(context =>
        {
            var taken = context.Redemption?.Take();
            Assert.Equal("deferral.redeemed", taken?.Kind);
            return Task.FromResult<TokenResult>(new TokenResult.Issued(new TokenSuccess("token", "Bearer", 60, "read")));
        });

        Assert.IsType<TokenResult.Issued>(result);
        Assert.Empty(_appends);
    }

    [Fact]
    public async Task ACompletionThatRefuses_LeavesTheRedemptionToThePoller_WhichAppendsItOnce()
    {
        var result = await PollAsync(_ => Task.FromResult<TokenResult>(new OAuthError(OAuthErrors.AccessDenied, "the assertion expired while the request waited")));

        Assert.IsType<TokenResult.Failed>(result);
        var append = Assert.Single(_appends);
        Assert.Equal("deferral.redeemed", Assert.Single(append).Kind);
    }

    [Fact]
    public async Task ACompletionThatFails_StillHasTheRedemptionAppended_AndTheFailureGoesOn()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => PollAsync(_ => throw new InvalidOperationException("the key ring is unavailable")));

        Assert.Equal("deferral.redeemed", Assert.Single(Assert.Single(_appends)).Kind);
    }

    [Fact]
    public void ARedemption_GoesOnlyIntoTheAppendOfItsOwnDeferral()
    {
        var redemption = new PendingRedemption(new AuditEvent("deferral.redeemed", DateTimeOffset.UnixEpoch, "deferral-1", "agent"));

        Assert.Null(redemption.TakeFor("deferral-2"));
        Assert.Null(redemption.TakeFor(null));
        Assert.Equal("deferral-1", redemption.TakeFor("deferral-1")?.DeferralId);
        Assert.Null(redemption.Take());
    }

    private Task<TokenResult> PollAsync(Func<TokenContext, Task<TokenResult>> complete)
    {
        var code = DeferralCodes.New();
        var redeemed = new AuditEvent("deferral.redeemed", DateTimeOffset.UnixEpoch, DeferralCodes.Id(code), "agent");
        var issuance = new Issuance(
            new DeferredTokenRequest("agent", GrantType, "agent", ["read"], []),
            ["read"],
            null,
            new ApprovalEvidence(DeferralCodes.Id(code), "rule", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1), "quorum", 1, 1, 1, ["p1"]));
        var grains = Stub<IGrainFactory>.Answering((method, args) => method.Name switch
        {
            nameof(IGrainFactory.GetGrain) when method.ReturnType == typeof(IDeferralGrain) =>
                Stub<IDeferralGrain>.Answering((m, _) => m.Name == nameof(IDeferralGrain.PollAsync)
                    ? Task.FromResult(new PollOutcome(PollVerdict.Issued, Issuance: issuance, Redemption: redeemed))
                    : throw new NotSupportedException(m.Name)),
            nameof(IGrainFactory.GetGrain) when method.ReturnType == typeof(IAuditLogGrain) =>
                Stub<IAuditLogGrain>.Answering((m, a) =>
                {
                    Assert.Equal(nameof(IAuditLogGrain.AppendManyAsync), m.Name);
                    _appends.Add((ImmutableArray<AuditEvent>)a![0]!);
                    return Task.FromResult(ImmutableArray<AuditEntry>.Empty);
                }),
            _ => throw new NotSupportedException(method.Name),
        });
        var poller = new DeferralPoller(grains, null!, [new Completion(complete)], NullLogger<DeferralPoller>.Instance);
        return poller.PollAsync(new TokenContext(new DefaultHttpContext(), OAuthRequest.Empty, new ClientRegistration { ClientId = "agent" }), code);
    }

    private sealed class Completion(Func<TokenContext, Task<TokenResult>> complete) : IDeferrableGrant
    {
        public string GrantType => DeferralPollerTests.GrantType;

        public Task<TokenResult> CompleteAsync(TokenContext context, Issuance issuance) => complete(context);
    }

    /// <summary>An interface whose every call goes to one function.</summary>
    public class Stub<T> : DispatchProxy
        where T : class
    {
        private Func<MethodInfo, object?[]?, object?> _answer = null!;

        public static T Answering(Func<MethodInfo, object?[]?, object?> answer)
        {
            var proxy = Create<T, Stub<T>>();
            ((Stub<T>)(object)proxy)._answer = answer;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => _answer(targetMethod!, args);
    }
}
