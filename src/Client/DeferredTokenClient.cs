using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeferredOrleans.Client;

/// <summary>
/// Requests a token with any grant and returns when it is issued, waiting through a Deferred Token Response
/// (draft-ietf-oauth-deferred-token-response-01) as <see cref="PollingMachine"/> decides. Cancelling the
/// <see cref="CancellationToken"/> while a deferral is pending revokes it (RFC 7009 with the code as the token), so
/// nobody is asked to approve what the client no longer wants.
/// </summary>
public sealed partial class DeferredTokenClient
{
    private static readonly TimeSpan RevocationTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;
    private readonly DeferredTokenClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _discovery = new(1, 1);
    private AuthorizationServerMetadata? _metadata;
    private string? _dpopNonce;

    /// <summary>A client of one authorization server; <paramref name="time"/> is the clock of its waits.</summary>
    public DeferredTokenClient(HttpClient http, DeferredTokenClientOptions options, TimeProvider? time = null, ILogger<DeferredTokenClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Issuer is null && options.TokenEndpoint is null)
        {
            throw new ArgumentException("Set the issuer (for discovery) or the token endpoint.", nameof(options));
        }

        _http = http;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>RFC 8414 discovery, once; the configured endpoints win over the document's.</summary>
    public async Task<AuthorizationServerMetadata?> DiscoverAsync(CancellationToken cancellationToken = default)
    {
        if (_options.Issuer is not { } issuer)
        {
            return null;
        }

        await _discovery.WaitAsync(cancellationToken);
        try
        {
            if (_metadata is null)
            {
                RequireSecure(issuer);
                using var response = await _http.GetAsync(AuthorizationServerMetadata.MetadataAddress(issuer), cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    throw new DeferredTokenException(OAuthWire.InvalidResponse, $"the metadata answered HTTP {(int)response.StatusCode}");
                }

                using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
                var metadata = AuthorizationServerMetadata.Parse(json.RootElement, issuer);
                RequireSecure(metadata.TokenEndpoint);
                _metadata = metadata;
            }

            return _metadata;
        }
        finally
        {
            _discovery.Release();
        }
    }

    /// <summary>
    /// Sends the request (with <c>completion_mode=deferred</c>) and, if it is deferred, polls until the token is
    /// issued. Throws <see cref="DeferredTokenException"/> for <c>access_denied</c>, <c>expired_token</c> and every
    /// other error, and <see cref="OperationCanceledException"/> after revoking the deferral when cancelled.
    /// </summary>
    public async Task<TokenResponse> RequestTokenAsync(TokenRequest request, IProgress<DeferralProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var endpoint = _options.TokenEndpoint ?? (await DiscoverAsync(cancellationToken))!.TokenEndpoint;
        RequireSecure(endpoint);

        var parameters = new List<KeyValuePair<string, string>> { new(OAuthWire.GrantType, request.GrantType) };
        parameters.AddRange(request.Parameters);
        if (request.OptInToDeferral)
        {
            parameters.Add(new(OAuthWire.CompletionMode, OAuthWire.Deferred));
        }

        var state = PollState.Initial;
        try
        {
            var answer = await PostTokenAsync(endpoint, parameters, cancellationToken);
            while (true)
            {
                PollAction action;
                (state, action) = PollingMachine.Next(state, answer, _time.GetUtcNow());
                switch (action)
                {
                    case PollAction.Done done:
                        return done.Token;
                    case PollAction.Fail fail:
                        LogFailed(_logger, fail.Error, fail.Description);
                        throw new DeferredTokenException(fail.Error, fail.Description);
                    case PollAction.Interaction interaction:
                        LogInteraction(_logger, interaction.InteractionUri);
                        progress?.Report(new DeferralProgress(state.DeferralCode!, null, null, null, OAuthWire.InteractionRequired, interaction.InteractionUri, state.Interval, state.Deadline));
                        if (_options.OnInteractionRequired is { } onInteraction)
                        {
                            await onInteraction(interaction.InteractionUri, cancellationToken);
                        }

                        answer = ServerAnswer.Tick.Instance;
                        break;
                    case PollAction.Wait wait:
                        if (wait.Progress is { } report)
                        {
                            LogPending(_logger, report.ToString(), wait.Delay);
                            progress?.Report(report);
                        }

                        await Task.Delay(wait.Delay, _time, cancellationToken);
                        answer = ServerAnswer.Tick.Instance;
                        break;
                    case PollAction.Poll poll:
                        answer = await PostTokenAsync(endpoint,
                            [new(OAuthWire.GrantType, OAuthWire.DeferredGrant), new(OAuthWire.DeferralCode, poll.DeferralCode)], cancellationToken);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && state.IsDeferred)
        {
            // DTR "Cancellation": a client that no longer wants the token says so, and the approvers are spared.
            await RevokeDeferralAsync(state.DeferralCode!, CancellationToken.None);
            throw;
        }
    }

    /// <summary>RFC 7009 with the deferral code as the token (DTR "Cancellation"); best effort, never throws for the server's answer.</summary>
    public async Task<bool> RevokeDeferralAsync(string deferralCode, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deferralCode);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RevocationTimeout);
        try
        {
            var endpoint = _options.RevocationEndpoint ?? (await DiscoverAsync(timeout.Token))?.RevocationEndpoint;
            if (endpoint is null)
            {
                LogNoRevocationEndpoint(_logger);
                return false;
            }

            RequireSecure(endpoint);
            using var response = await PostFormAsync(endpoint,
                [new(OAuthWire.Token, deferralCode), new(OAuthWire.TokenTypeHint, OAuthWire.DeferralCodeTokenType)], timeout.Token);
            LogRevoked(_logger, (int)response.StatusCode);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or DeferredTokenException)
        {
            LogRevocationFailed(_logger, e.Message);
            return false;
        }
    }

    private async Task<ServerAnswer> PostTokenAsync(Uri endpoint, List<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        using var response = await PostFormAsync(endpoint, parameters, cancellationToken);
        return await ReadAnswerAsync(response, cancellationToken);
    }

    /// <summary>One POST with client authentication and a DPoP proof; RFC 9449 §8: once more with the server's nonce if it asks.</summary>
    private async Task<HttpResponseMessage> PostFormAsync(Uri endpoint, List<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        var response = await SendFormAsync(endpoint, parameters, cancellationToken);
        if (_options.DpopKey is not null && response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized &&
            response.Headers.Contains(OAuthWire.DpopNonceHeader))
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (body.Contains($"\"{OAuthWire.UseDpopNonce}\"", StringComparison.Ordinal))
            {
                response.Dispose();
                response = await SendFormAsync(endpoint, parameters, cancellationToken);
            }
        }

        return response;
    }

    private async Task<HttpResponseMessage> SendFormAsync(Uri endpoint, List<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>(parameters);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        if (_options.ClientSecret is { } secret)
        {
            // RFC 6749 §2.3.1: both halves are form-urlencoded before they are joined.
            var credentials = $"{Uri.EscapeDataString(_options.ClientId)}:{Uri.EscapeDataString(secret)}".Replace("%20", "+", StringComparison.Ordinal);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }
        else
        {
            form.Add(new(OAuthWire.ClientId, _options.ClientId));
        }

        if (_options.DpopKey is { } key)
        {
            request.Headers.Add(OAuthWire.DpopHeader, key.CreateProof(HttpMethod.Post, endpoint, _time.GetUtcNow(), _dpopNonce));
        }

        request.Content = new FormUrlEncodedContent(form);
        var response = await _http.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues(OAuthWire.DpopNonceHeader, out var nonces))
        {
            _dpopNonce = nonces.FirstOrDefault();
        }

        return response;
    }

    /// <summary>The token endpoint's answer in the state machine's terms; anything that is not OAuth JSON is invalid_response.</summary>
    internal static async Task<ServerAnswer> ReadAnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        JsonElement json;
        try
        {
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            json = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            json = default;
        }

        if (response.IsSuccessStatusCode)
        {
            return TokenResponse.Parse(json) is { } token
                ? new ServerAnswer.Issued(token)
                : new ServerAnswer.Error(OAuthWire.InvalidResponse, "a success without access_token");
        }

        var retryAfter = response.Headers.RetryAfter?.Delta;
        if (TokenResponse.Text(json, OAuthWire.Error) is not { } error)
        {
            return response.StatusCode == HttpStatusCode.ServiceUnavailable
                ? new ServerAnswer.Error(OAuthWire.TemporarilyUnavailable, "HTTP 503", retryAfter)
                : new ServerAnswer.Error(OAuthWire.InvalidResponse, string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} without an OAuth error"));
        }

        var description = TokenResponse.Text(json, OAuthWire.ErrorDescription);
        if (error is OAuthWire.AuthorizationPending or OAuthWire.InteractionRequired)
        {
            // DTR §6.4: deferral_code; auth_req_id is its alias (CIBA's name), read when the code is absent.
            var code = TokenResponse.Text(json, OAuthWire.DeferralCode) ?? TokenResponse.Text(json, OAuthWire.AuthReqId);
            var interaction = ResourceTrust.WebAddress(TokenResponse.Text(json, OAuthWire.InteractionUri));
            return new ServerAnswer.Pending(code, TokenResponse.Number(json, OAuthWire.ExpiresIn), TokenResponse.Number(json, OAuthWire.Interval), description,
                error == OAuthWire.InteractionRequired ? interaction : null);
        }

        return new ServerAnswer.Error(error, description, retryAfter);
    }

    private void RequireSecure(Uri uri)
    {
        if (_options.RequireHttps && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new DeferredTokenException(OAuthWire.InvalidResponse, $"'{uri}' is not https (allowed only in development)");
        }
    }
}
