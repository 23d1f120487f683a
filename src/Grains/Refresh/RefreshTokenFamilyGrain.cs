using System.Security.Cryptography;
using System.Text;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Abstractions.Keys;
using DeferredOrleans.Abstractions.Refresh;
using DeferredOrleans.Abstractions.Tokens;
using DeferredOrleans.Core.Crypto;
using DeferredOrleans.Core.Deferrals;
using DeferredOrleans.Core.Refresh;
using DeferredOrleans.Grains.Tokens;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Grains.Refresh;

/// <summary>
/// A refresh token family: rotation on every use, reuse detection that revokes the whole family, suspension while a
/// deferred refresh waits, and the two RT-EXP bounds (idle timeout and the grant's own end). Whenever the family ends
/// (reuse, revocation at <c>/revoke</c>, a denied re-authorization) the access tokens issued with its tokens are
/// revoked with it. A family with <see cref="ReauthorizationTerms"/> asks for re-authorization at their lead time
/// before it ends (a durable reminder), through an ordinary deferral; approval moves the end of this same family.
/// </summary>
public sealed partial class RefreshTokenFamilyGrain(
    [PersistentState("refresh", StorageNames.Deferrals)] IPersistentState<RefreshFamilyState> state,
    TimeProvider time,
    IOptions<RefreshOptions> options,
    ILogger<RefreshTokenFamilyGrain> logger) : Grain, IRefreshTokenFamilyGrain, IRemindable
{
    private const string ReauthorizationReminder = "reauthorize";
    private static readonly TimeSpan MinimumReminderDelay = TimeSpan.FromSeconds(1);

    private string FamilyId => this.GetPrimaryKeyString();

    public async Task CreateAsync(RefreshFamily family, string secretDigest, IssuedAccessToken accessToken)
    {
        if (state.State.Family is not null)
        {
            throw new InvalidOperationException("This refresh token family already exists.");
        }

        state.State.Family = family;
        state.State.CurrentDigest = secretDigest;
        state.State.LastRotatedAt = time.GetUtcNow();
        state.State.AccessTokens = AccessTokenRevocations.Live([], time.GetUtcNow(), accessToken);
        await state.WriteStateAsync();
        await ScheduleReauthorizationAsync();
    }

    public async Task<RefreshOutcome> InspectAsync(RefreshPresentation presentation)
    {
        var (outcome, reused) = Check(presentation);
        if (reused)
        {
            // A token that is not the family's latest was stolen or replayed: end the grant for everyone.
            await EndAsync();
            return outcome;
        }

        if (outcome.Result == RefreshResult.Invalid && Presents(presentation) && Overdue())
        {
            // The grant ended before its reminder asked (a late reminder, or a lead time of zero): ask now, so that
            // this refresh is deferred to the re-authorization like any later one.
            await AskForReauthorizationAsync();
            (outcome, _) = Check(presentation);
        }

        if (outcome.Result == RefreshResult.ReauthorizationPending && state.State.SuspendedFor != state.State.ReauthorizationId)
        {
            // The presented token now waits for the re-authorization: only its deferral can rotate the family.
            state.State.SuspendedFor = state.State.ReauthorizationId;
            await state.WriteStateAsync();
        }

        return outcome;
    }

    // Introspection carries no DPoP proof (RFC 7662 §2.1); the token's client authenticated, which is what it asks.
    public Task<RefreshOutcome> DescribeAsync(RefreshPresentation presentation) =>
        Task.FromResult(Check(presentation with { DpopJkt = state.State.Family?.DpopJkt }).Outcome);

    public async Task ReauthorizedAsync(string deferralId, DateTimeOffset approvedUntil)
    {
        var current = state.State;
        if (current.Family is not { } family || current.Revoked || current.ReauthorizationId != deferralId)
        {
            return;
        }

        // The original grant is extended in place: same family, same current token; rotation carries on as before.
        current.Family = family with { AuthorizationExpiresAt = ReauthorizationSchedule.Extend(family.AuthorizationExpiresAt, approvedUntil) };
        current.ReauthorizationId = null;
        current.ReauthorizationCode = null;
        current.ReauthorizationRouted = false;
        current.Reauthorizations++;
        await state.WriteStateAsync();
        LogReauthorized(logger, FamilyId, current.Family.AuthorizationExpiresAt);
        await ScheduleReauthorizationAsync();
    }

    public async Task ReauthorizationDeniedAsync(string deferralId)
    {
        if (state.State.Family is null || state.State.Revoked || state.State.ReauthorizationId != deferralId)
        {
            return;
        }

        await EndAsync();
        LogReauthorizationDenied(logger, FamilyId);
        await ScheduleReauthorizationAsync();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => ScheduleReauthorizationAsync();

    public async Task<RefreshOutcome> RotateAsync(RefreshPresentation presentation, string newDigest, IssuedAccessToken accessToken)
    {
        var outcome = await InspectAsync(presentation);
        return outcome.Result == RefreshResult.Valid ? await MoveToAsync(newDigest, accessToken) : await DiscardAsync(outcome, accessToken);
    }

    public async Task<RefreshOutcome> SuspendAsync(RefreshPresentation presentation, string deferralId)
    {
        var outcome = await InspectAsync(presentation);
        if (outcome.Result != RefreshResult.Valid)
        {
            return outcome;
        }

        state.State.SuspendedFor = deferralId;
        await state.WriteStateAsync();
        return outcome;
    }

    public async Task<RefreshOutcome> CompleteSuspendedAsync(string deferralId, string newDigest, IssuedAccessToken accessToken)
    {
        var current = state.State;
        if (current.Family is null || current.Revoked || current.SuspendedFor != deferralId || time.GetUtcNow() >= current.Family.AuthorizationExpiresAt)
        {
            return await DiscardAsync(new RefreshOutcome(RefreshResult.Invalid), accessToken);
        }

        current.SuspendedFor = null;
        return await MoveToAsync(newDigest, accessToken);
    }

    public async Task<RefreshResult> RevokeAsync(RefreshPresentation presentation)
    {
        // RFC 7009 §2.2: a token that is not the family's current one (unknown, another client's, stale, expired)
        // is not an error and changes nothing; a stale one is not treated as reuse here, since nothing is used.
        var (outcome, _) = Check(presentation);
        switch (outcome.Result)
        {
            case RefreshResult.Valid or RefreshResult.Suspended:
                await EndAsync();
                return RefreshResult.Valid;
            case RefreshResult.WrongProofKey:
                return RefreshResult.WrongProofKey;
            default:
                return RefreshResult.Invalid;
        }
    }

    public async Task RevokeGrantAsync()
    {
        if (state.State.Family is not null && !state.State.Revoked)
        {
            await EndAsync();
        }
    }

    private (RefreshOutcome Outcome, bool Reused) Check(RefreshPresentation presentation)
    {
        var current = state.State;
        if (current.Family is not { } family || family.ClientId != presentation.ClientId || current.Revoked)
        {
            return (new RefreshOutcome(RefreshResult.Invalid), false);
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(current.CurrentDigest), Encoding.ASCII.GetBytes(presentation.SecretDigest)))
        {
            return (new RefreshOutcome(RefreshResult.Invalid), true);
        }

        if (family.DpopJkt is { } bound && bound != presentation.DpopJkt)
        {
            return (new RefreshOutcome(RefreshResult.WrongProofKey), false);
        }

        var now = time.GetUtcNow();
        var idleExpiresAt = current.LastRotatedAt + family.IdleTimeout;
        if (now >= idleExpiresAt)
        {
            return (new RefreshOutcome(RefreshResult.Invalid), false);
        }

        if (now >= family.AuthorizationExpiresAt)
        {
            return (PendingReauthorization(now) is { } pending
                ? new RefreshOutcome(RefreshResult.ReauthorizationPending, Reauthorization: pending)
                : new RefreshOutcome(RefreshResult.Invalid), false);
        }

        return current.SuspendedFor is not null
            ? (new RefreshOutcome(RefreshResult.Suspended), false)
            : (new RefreshOutcome(RefreshResult.Valid, family, idleExpiresAt), false);
    }

    private async Task<RefreshOutcome> MoveToAsync(string newDigest, IssuedAccessToken accessToken)
    {
        var current = state.State;
        var now = time.GetUtcNow();
        current.CurrentDigest = newDigest;
        current.Generation++;
        current.LastRotatedAt = now;
        current.AccessTokens = AccessTokenRevocations.Live(current.AccessTokens, now, accessToken);
        await state.WriteStateAsync();
        return new RefreshOutcome(RefreshResult.Valid, current.Family, current.LastRotatedAt + current.Family!.IdleTimeout);
    }

    /// <summary>An access token minted for a rotation that was refused is never handed out: revoke it.</summary>
    private async Task<RefreshOutcome> DiscardAsync(RefreshOutcome outcome, IssuedAccessToken accessToken)
    {
        await AccessTokenRevocations.RevokeAsync(GrainFactory, [accessToken], time.GetUtcNow());
        return outcome;
    }

    /// <summary>
    /// Ends the grant: its live access tokens first (RFC 7009 §2.1: the server SHOULD revoke the access tokens of the
    /// same grant), then the family itself, so a failure in between leaves a family the client can revoke again.
    /// </summary>
    private async Task EndAsync()
    {
        var current = state.State;
        await AccessTokenRevocations.RevokeAsync(GrainFactory, current.AccessTokens, time.GetUtcNow());
        current.Revoked = true;
        current.AccessTokens = [];
        await state.WriteStateAsync();
    }

    /// <summary>The re-authorization a refresh after the end waits for, while it may still be decided.</summary>
    private PendingReauthorization? PendingReauthorization(DateTimeOffset now)
    {
        var current = state.State;
        if (current.Family?.Reauthorization is not { } terms || !current.ReauthorizationRouted || current.ReauthorizationCode is not { } sealedCode)
        {
            return null;
        }

        var expiresAt = ReauthorizationSchedule.ExpiresAt(current.Family.AuthorizationExpiresAt, terms.Grace);
        return now < expiresAt ? new PendingReauthorization(sealedCode, expiresAt, terms.IntervalSeconds) : null;
    }

    /// <summary>Whether the presentation is the family's current token, from its client.</summary>
    private bool Presents(RefreshPresentation presentation) =>
        state.State.Family?.ClientId == presentation.ClientId &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(state.State.CurrentDigest), Encoding.ASCII.GetBytes(presentation.SecretDigest));

    private bool Overdue()
    {
        var current = state.State;
        return current.Family is { Reauthorization: { } terms } family && ReauthorizationSchedule.Step(
            time.GetUtcNow(), family.AuthorizationExpiresAt, terms.LeadTime, terms.Grace, current.Revoked, current.ReauthorizationRouted) == ReauthorizationStep.Start;
    }

    /// <summary>Asks now if the lead time was reached; otherwise sets the reminder for when it will be, or stops it.</summary>
    private async Task ScheduleReauthorizationAsync()
    {
        var current = state.State;
        if (current.Family is not { Reauthorization: { } terms } family)
        {
            return;
        }

        var now = time.GetUtcNow();
        switch (ReauthorizationSchedule.Step(now, family.AuthorizationExpiresAt, terms.LeadTime, terms.Grace, current.Revoked, current.ReauthorizationRouted))
        {
            case ReauthorizationStep.Wait:
                var period = options.Value.ReauthorizationCheckPeriod;
                var askAt = ReauthorizationSchedule.AskAt(family.AuthorizationExpiresAt, terms.LeadTime);
                await this.RegisterOrUpdateReminder(ReauthorizationReminder, ReauthorizationSchedule.NextCheck(now, askAt, period, MinimumReminderDelay), period);
                break;
            case ReauthorizationStep.Start:
                await AskForReauthorizationAsync();
                await StopReminderAsync();
                break;
            default:
                await StopReminderAsync();
                break;
        }
    }

    /// <summary>
    /// Routes the re-authorization request as an ordinary deferral for the family's client, subject and grant. Its id
    /// and sealed code are stored before the deferral is created, so a crash in between creates the same one again.
    /// </summary>
    private async Task AskForReauthorizationAsync()
    {
        var current = state.State;
        var family = current.Family!;
        var terms = family.Reauthorization!;
        if (current.ReauthorizationId is null)
        {
            var code = DeferralIds.NewCode();
            var ring = await GrainFactory.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).GetAsync();
            current.ReauthorizationId = DeferralIds.Of(code);
            current.ReauthorizationCode = Sealer.Seal(ring.SealingKey, Encoding.ASCII.GetBytes(code));
            await state.WriteStateAsync();
        }

        var request = new DeferredTokenRequest(
            family.ClientId, Reauthorizations.GrantType, family.Subject, family.Scopes, family.Resources, family.AuthorizationDetails, family.Actor,
            GrantData: FamilyId, DpopJkt: family.DpopJkt);
        var plan = new ApprovalPlan(
            terms.Rule, terms.Requirements, ReauthorizationSchedule.ExpiresAt(family.AuthorizationExpiresAt, terms.Grace), terms.IntervalSeconds, terms.Extension, terms.AllowSelfApproval);
        try
        {
            await GrainFactory.GetGrain<IDeferralGrain>(current.ReauthorizationId).CreateAsync(new DeferralStart(request, plan));
        }
        catch (InvalidOperationException)
        {
            // Created before a crash kept this family from recording it: it is the same request.
        }

        current.ReauthorizationRouted = true;
        await state.WriteStateAsync();
        LogReauthorizationAsked(logger, FamilyId, current.ReauthorizationId, family.AuthorizationExpiresAt);
    }

    private async Task StopReminderAsync()
    {
        if (await this.GetReminder(ReauthorizationReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
