using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Abstractions.Tokens;
using DeferredOrleans.Gateway.Configuration;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Token;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Minting;

/// <summary>
/// Mints RFC 9068 JWT access tokens. A token issued after approval carries <c>approval</c>, a private claim of this
/// project (RFC 7519 §4.3; no specification defines approval evidence), and never outlives the approval (AROP).
/// </summary>
public sealed class AccessTokenIssuer(ServerKeys keys, IOptions<ServerOptions> options, TimeProvider time, IGrainFactory grains, ILogger<AccessTokenIssuer> logger)
{
    private readonly ServerOptions _options = options.Value;

    public DateTimeOffset Now => time.GetUtcNow();

    public async Task<TokenSuccess> IssueAsync(AccessTokenRequest request) => (await MintAsync(request)).Response;

    /// <summary>Mints a token; its grant keeps <see cref="MintedAccessToken.Issued"/> to revoke it when the grant ends.</summary>
    public async Task<MintedAccessToken> MintAsync(AccessTokenRequest request)
    {
        var loaded = await keys.GetAsync();
        var now = time.GetUtcNow();
        var expires = now + _options.AccessTokenLifetime;
        if (request.Approval is { } approval && approval.ApprovedUntil < expires)
        {
            expires = approval.ApprovedUntil;
        }

        var scope = string.Join(' ', request.Scopes);
        var jti = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var token = JwtWriter.Sign(loaded.Key, loaded.KeyId, "at+jwt", w =>
        {
            w.WriteString("iss", _options.Issuer);
            w.WriteString("sub", request.Subject);
            WriteAudience(w, request.Resources);
            w.WriteNumber("exp", expires.ToUnixTimeSeconds());
            w.WriteNumber("iat", now.ToUnixTimeSeconds());
            w.WriteNumber("nbf", now.ToUnixTimeSeconds());
            w.WriteString("jti", jti);
            w.WriteString("client_id", request.ClientId);
            if (scope.Length > 0)
            {
                w.WriteString("scope", scope);
            }

            WriteRaw(w, "authorization_details", request.AuthorizationDetails);
            if (request.DpopJkt is not null || request.CertificateThumbprint is not null)
            {
                w.WriteStartObject("cnf");
                if (request.DpopJkt is { } jkt)
                {
                    // RFC 9449 §6.1: the token is bound to the proof's key.
                    w.WriteString("jkt", jkt);
                }

                if (request.CertificateThumbprint is { } x5t)
                {
                    // RFC 8705 §3.1: and to the client's certificate.
                    w.WriteString("x5t#S256", x5t);
                }

                w.WriteEndObject();
            }

            WriteRaw(w, "act", request.Actor);
            if (request.Approval is { } evidence)
            {
                WriteApproval(w, evidence, request.ClientId, loaded.PairwiseSecret);
            }
        });

        // A redeemed deferral's record and the token's go into one append: one durable round for both.
        AuditEvent[] redeemed = request.Redemption?.TakeFor(request.Approval?.Id) is { } redemption ? [redemption] : [];
        await grains.RecordAsync(
            [.. redeemed, new AuditEvent("token.issued", now, request.Approval?.Id, request.ClientId, Subject: request.Subject, Detail: $"access token {jti}, scope '{scope}'{(request.Approval is { } a ? $", approval {a.Method}" : "")}")],
            logger);
        var type = request.DpopJkt is null ? TokenTypes.Bearer : TokenTypes.DPoP;
        return new MintedAccessToken(
            new TokenSuccess(token, type, (int)Math.Max(0, (expires - now).TotalSeconds), scope, request.AuthorizationDetails),
            new IssuedAccessToken(jti, expires));
    }

    /// <summary>
    /// Approvers appear only as pairwise identifiers (per client), so a token reader learns that people approved,
    /// how many and when, but not who (AROP privacy rule).
    /// </summary>
    public static string PairwiseId(byte[] secret, string clientId, string approverId)
    {
        var mac = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{clientId}\n{approverId}"));
        return Base64Url.EncodeToString(mac.AsSpan(0, 16));
    }

    private void WriteAudience(Utf8JsonWriter w, IReadOnlyList<string> resources)
    {
        // RFC 8707 §2: the requested resources become the audience.
        if (resources.Count == 1)
        {
            w.WriteString("aud", resources[0]);
        }
        else if (resources.Count > 1)
        {
            w.WriteStartArray("aud");
            foreach (var resource in resources)
            {
                w.WriteStringValue(resource);
            }

            w.WriteEndArray();
        }
        else
        {
            w.WriteString("aud", _options.DefaultAudience);
        }
    }

    private static void WriteApproval(Utf8JsonWriter w, ApprovalEvidence evidence, string clientId, byte[] pairwiseSecret)
    {
        w.WriteStartObject("approval");
        w.WriteString("id", evidence.Id);
        w.WriteString("rule", evidence.Rule);
        w.WriteNumber("approved_at", evidence.ApprovedAt.ToUnixTimeSeconds());
        w.WriteNumber("approved_until", evidence.ApprovedUntil.ToUnixTimeSeconds());
        w.WriteString("method", evidence.Method);
        w.WriteStartObject("quorum");
        w.WriteNumber("required", evidence.Required);
        w.WriteNumber("of", evidence.Of);
        w.WriteNumber("approved", evidence.Approved);
        w.WriteEndObject();
        w.WriteStartArray("approvers");
        foreach (var approver in evidence.Approvers)
        {
            w.WriteStringValue(PairwiseId(pairwiseSecret, clientId, approver));
        }

        w.WriteEndArray();
        if (evidence.Methods is { } methods && methods.Any(m => !m.IsEmpty))
        {
            // RFC 8176 amr values per approval, in the order of "approvers": how each approver authenticated for
            // it (e.g. ["hwk","user"] for a passkey), never who they are; [] where nobody signed in (a standing
            // decision, a workflow).
            w.WriteStartArray("amr");
            foreach (var approval in methods)
            {
                w.WriteStartArray();
                foreach (var method in approval)
                {
                    w.WriteStringValue(method);
                }

                w.WriteEndArray();
            }

            w.WriteEndArray();
        }

        if (evidence.Delegations is { IsEmpty: false } delegations)
        {
            // A delegate approved in someone's place (e.g. the manager of an IC on vacation); both stay pairwise.
            w.WriteStartArray("delegations");
            foreach (var delegation in delegations)
            {
                w.WriteStartObject();
                w.WriteString("approver", PairwiseId(pairwiseSecret, clientId, delegation.ApproverId));
                w.WriteString("on_behalf_of", PairwiseId(pairwiseSecret, clientId, delegation.OnBehalfOf));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (evidence.WorkflowRefs is { IsEmpty: false } workflows)
        {
            // The approval claim's workflow_ref: the external workflow's opaque reference (a ticket id, an ARAP
            // approval id).
            if (workflows.Length == 1)
            {
                w.WriteString("workflow_ref", workflows[0]);
            }
            else
            {
                w.WriteStartArray("workflow_ref");
                foreach (var reference in workflows)
                {
                    w.WriteStringValue(reference);
                }

                w.WriteEndArray();
            }
        }

        if (evidence.StandingDecisions is { IsEmpty: false } standing)
        {
            w.WriteStartArray("standing_decisions");
            foreach (var id in standing)
            {
                w.WriteStringValue(id);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteRaw(Utf8JsonWriter w, string name, string? json)
    {
        if (json is not null)
        {
            w.WritePropertyName(name);
            w.WriteRawValue(json);
        }
    }
}
