using System.Buffers.Text;
using System.Collections.Immutable;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using DeferredOrleans.Abstractions.Passkeys;
using DeferredOrleans.Gateway.Api;
using DeferredOrleans.Gateway.PolicyManagement;
using Fido2NetLib;
using Fido2NetLib.Objects;
using Microsoft.AspNetCore.Antiforgery;

namespace DeferredOrleans.Gateway.Inbox.Passkeys;

/// <summary>
/// WebAuthn ceremonies for the inbox's script (<c>passkeys.js</c>): register a passkey from the profile page, and sign
/// in with one (or sign in again, for a rule's step-up). Each ceremony is two POSTs: options (with a fresh challenge),
/// then the authenticator's answer, verified by Fido2 against the options this browser was given. Every POST carries
/// the page's anti-forgery token; refusals are RFC 6749 §5.2-shaped JSON and change nothing.
/// </summary>
public static class PasskeyEndpoints
{
    public const string Path = "/inbox/passkeys";

    /// <summary>RFC 8176 <c>amr</c> of a passkey sign-in: a hardware-secured key (<c>hwk</c>), used with the user verified (<c>user</c>).</summary>
    public static readonly ImmutableArray<string> Methods = [StepUpText.Passkey, "user"];

    private const int MaxNameLength = 64;

    public static IEndpointConventionBuilder MapPasskeyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path);
        group.MapPost("/register/options", RegistrationOptionsAsync).RequireAuthorization(ApproverAccess.SessionPolicy);
        group.MapPost("/register", RegisterAsync).RequireAuthorization(ApproverAccess.SessionPolicy);

        // Anonymous, but a session is read when there is one (a step-up), as on the sign-in page: the anti-forgery
        // token that page rendered belongs to the session's user, and is checked against the same user here.
        group.MapPost("/signin/options", SignInOptionsAsync).RequireAuthorization(ApproverAccess.SessionPolicy).AllowAnonymous();
        group.MapPost("/signin", SignInAsync).RequireAuthorization(ApproverAccess.SessionPolicy).AllowAnonymous();
        return group;
    }

    private static async Task<IResult> RegistrationOptionsAsync(HttpContext http, PasskeyCeremonies ceremonies, IGrainFactory grains, PolicyStore store)
    {
        if (await Refusal(http, ceremonies) is { } refused)
        {
            return refused;
        }

        var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var existing = await grains.GetGrain<IPasskeysGrain>(userId).ListAsync();
        var options = ceremonies.RelyingParty.RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = PasskeyCeremonies.UserHandle(userId), Name = userId, DisplayName = store.Directory.FindUser(userId)?.Name ?? userId },
            ExcludeCredentials = [.. existing.Select(Descriptor)],

            // A discoverable credential (a passkey: sign in without typing a name), with the user verified (PIN, biometrics).
            AuthenticatorSelection = new AuthenticatorSelection { ResidentKey = ResidentKeyRequirement.Required, UserVerification = UserVerificationRequirement.Required },
            AttestationPreference = AttestationConveyancePreference.None,
        });
        var json = options.ToJson();
        ceremonies.Begin(http, PasskeyCeremonies.RegistrationKind, userId, json);
        return Results.Content(json, "application/json");
    }

    private static async Task<IResult> RegisterAsync(HttpContext http, PasskeyCeremonies ceremonies, IGrainFactory grains, TimeProvider time)
    {
        if (await Refusal(http, ceremonies) is { } refused)
        {
            return refused;
        }

        var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var (body, problem) = await ReadAsync(http);
        if (problem is not null)
        {
            return problem;
        }

        var name = body.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()!.Trim() : "";
        if (name.Length is 0 or > MaxNameLength || name.Any(char.IsControl))
        {
            return ApiResults.BadRequest($"name the passkey (1 to {MaxNameLength} characters), e.g. \"laptop\"");
        }

        if (Credential<AuthenticatorAttestationRawResponse>(body) is not { } attestation)
        {
            return ApiResults.BadRequest("credential must be the authenticator's answer (PublicKeyCredential.toJSON())");
        }

        if (ceremonies.Finish(http, PasskeyCeremonies.RegistrationKind, userId) is not { } optionsJson)
        {
            return ApiResults.BadRequest("no passkey registration is under way in this browser, or it took too long; start again");
        }

        var passkeys = grains.GetGrain<IPasskeysGrain>(userId);
        RegisteredPublicKeyCredential credential;
        try
        {
            credential = await ceremonies.RelyingParty.MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = attestation,
                OriginalOptions = CredentialCreateOptions.FromJson(optionsJson),
                IsCredentialIdUniqueToUserCallback = async (args, _) => !(await passkeys.ListAsync()).Any(p => p.CredentialId == Base64Url.EncodeToString(args.CredentialId)),
            }, http.RequestAborted);
        }
        catch (Exception e) when (IsUnverifiable(e))
        {
            return Denied("the authenticator's answer does not verify");
        }

        var passkey = new Passkey(
            Base64Url.EncodeToString(credential.Id),
            [.. credential.PublicKey],
            credential.SignCount,
            name,
            time.GetUtcNow(),
            Transports: [.. (credential.Transports ?? []).Select(t => t.ToString().ToLowerInvariant())]);
        return await passkeys.AddAsync(passkey)
            ? ApiResults.Ok(new PasskeyRegistered(passkey.CredentialId, passkey.Name))
            : ApiResults.Conflict(ApiErrors.InvalidRequest, "this passkey is registered already, or you have the most passkeys allowed; remove one first");
    }

    /// <summary>
    /// Options for a sign-in: any of the browser's passkeys for this site (the user is found by the passkey), or, for a
    /// step-up in a session, the session user's passkeys only.
    /// </summary>
    private static async Task<IResult> SignInOptionsAsync(HttpContext http, PasskeyCeremonies ceremonies, IGrainFactory grains)
    {
        if (await Refusal(http, ceremonies) is { } refused)
        {
            return refused;
        }

        var session = SessionUser(http);
        var allowed = session is null ? [] : (await grains.GetGrain<IPasskeysGrain>(session).ListAsync()).Select(Descriptor).ToList();
        var options = ceremonies.RelyingParty.GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = allowed,
            UserVerification = UserVerificationRequirement.Required,
        });
        var json = options.ToJson();
        ceremonies.Begin(http, PasskeyCeremonies.AuthenticationKind, session, json);
        return Results.Content(json, "application/json");
    }

    private static async Task<IResult> SignInAsync(HttpContext http, PasskeyCeremonies ceremonies, IGrainFactory grains, ApproverSessions sessions, PolicyStore store, TimeProvider time)
    {
        if (await Refusal(http, ceremonies) is { } refused)
        {
            return refused;
        }

        var (body, problem) = await ReadAsync(http);
        if (problem is not null)
        {
            return problem;
        }

        if (Credential<AuthenticatorAssertionRawResponse>(body) is not { Response: not null } assertion)
        {
            return ApiResults.BadRequest("credential must be the authenticator's answer (PublicKeyCredential.toJSON())");
        }

        var session = SessionUser(http);
        if (ceremonies.Finish(http, PasskeyCeremonies.AuthenticationKind, session) is not { } optionsJson)
        {
            return ApiResults.BadRequest("no passkey sign-in is under way in this browser, or it took too long; start again");
        }

        // The passkey names its user (the user handle given at registration); in a session it must be that user.
        var userId = assertion.Response.UserHandle is { Length: > 0 } handle ? Encoding.UTF8.GetString(handle) : session;
        var credentialId = assertion.RawId is { Length: > 0 } raw ? Base64Url.EncodeToString(raw) : "";
        var passkey = userId is null || (session is not null && userId != session) || store.Directory.FindUser(userId) is null
            ? null
            : (await grains.GetGrain<IPasskeysGrain>(userId).ListAsync()).FirstOrDefault(p => p.CredentialId == credentialId);
        if (passkey is null)
        {
            return Denied("this passkey is not registered here for you");
        }

        VerifyAssertionResult verified;
        try
        {
            verified = await ceremonies.RelyingParty.MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = assertion,
                OriginalOptions = AssertionOptions.FromJson(optionsJson),
                StoredPublicKey = [.. passkey.PublicKey],
                StoredSignatureCounter = passkey.SignCount,
                IsUserHandleOwnerOfCredentialIdCallback = (args, _) => Task.FromResult(
                    Encoding.UTF8.GetString(args.UserHandle) == userId && Base64Url.EncodeToString(args.CredentialId) == credentialId),
            }, http.RequestAborted);
        }
        catch (Exception e) when (IsUnverifiable(e))
        {
            return Denied("the passkey's signature does not verify");
        }

        // WebAuthn §6.1.1: a counter that did not grow suggests a cloned authenticator.
        if (!await grains.GetGrain<IPasskeysGrain>(userId!).RecordUseAsync(credentialId, verified.SignCount, time.GetUtcNow()))
        {
            return Denied("this passkey's signature counter went backwards; it may have been copied");
        }

        await sessions.SignInAsync(http, userId!, Methods);
        var returnUrl = body.TryGetProperty("returnUrl", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        return ApiResults.Ok(new PasskeySignedIn(ApproverSessions.LocalReturnUrl(returnUrl)));
    }

    /// <summary>
    /// Passkeys switched off, a body that is not JSON, or a missing or forged anti-forgery token: refused before
    /// anything is read. JSON only, so the token comes from its header and a form body (a malformed multipart one
    /// included) is never parsed.
    /// </summary>
    private static async Task<IResult?> Refusal(HttpContext http, PasskeyCeremonies ceremonies)
    {
        if (!ceremonies.Options.Enabled)
        {
            return ApiResults.NotFound("passkeys are not enabled on this server");
        }

        if (!http.Request.HasJsonContentType())
        {
            return ApiResults.BadRequest("send application/json");
        }

        return await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http)
            ? null
            : ApiResults.BadRequest("the page's anti-forgery token is missing or not valid; reload the page and try again");
    }

    private static string? SessionUser(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true ? http.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    private static async Task<(JsonElement Body, IResult? Problem)> ReadAsync(HttpContext http)
    {
        if (!http.Request.HasJsonContentType())
        {
            return (default, ApiResults.BadRequest("send application/json"));
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (document.RootElement.Clone(), null)
                : (default, ApiResults.BadRequest("the body must be a JSON object"));
        }
        catch (JsonException)
        {
            return (default, ApiResults.BadRequest("the body is not valid JSON"));
        }
    }

    private static T? Credential<T>(JsonElement body)
        where T : class
    {
        if (!body.TryGetProperty("credential", out var credential) || credential.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        try
        {
            return credential.Deserialize<T>();
        }
        catch (Exception e) when (e is JsonException or FormatException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }

    private static PublicKeyCredentialDescriptor Descriptor(Passkey passkey) =>
        new(PublicKeyCredentialType.PublicKey, Base64Url.DecodeFromChars(passkey.CredentialId), null);

    /// <summary>What Fido2 throws for an answer that is not a valid one: a failed check, or bytes that do not even parse.</summary>
    private static bool IsUnverifiable(Exception e) =>
        e is Fido2VerificationException or System.Formats.Cbor.CborContentException or FormatException or JsonException or ArgumentException or InvalidOperationException or OverflowException;

    private static IResult Denied(string description) =>
        ApiResults.Error(StatusCodes.Status400BadRequest, ApiErrors.AccessDenied, $"{description}; nothing was changed");
}
