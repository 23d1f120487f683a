using System.Buffers.Text;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using DeferredOrleans.Core.Connectors;

namespace DeferredOrleans.HttpTests;

/// <summary>One generated request: where it goes, what it carries, and which mapped route it aims at.</summary>
public sealed record HostileRequest(string Route, string Method, string Path, byte[] Body, string? ContentType, IReadOnlyList<(string Name, string Value)> Headers)
{
    public override string ToString()
    {
        var body = Body.Length > 400 ? Body[..400] : Body;
        var text = string.Concat(body.Select(b => b is >= 0x20 and < 0x7f ? ((char)b).ToString() : $"\\x{b:x2}"));
        return $"{Method} {Path} [{ContentType}] {string.Join(" ", Headers.Select(h => $"{h.Name}: {h.Value}"))} body({Body.Length}): {text}";
    }
}

/// <summary>
/// CsCheck generators of hostile requests for every mapped route: parameters that are not UTF-8, repeated, huge or of
/// the wrong type, JSON that is not UTF-8, has lone surrogates, nests deep or breaks off, odd content types and
/// headers, and enough valid pieces (real ids, codes, credentials, signatures) that requests get past the first check.
/// </summary>
public sealed partial class HostileRequests
{
    /// <summary>Values that exist on the server, so requests reach the code behind the first check.</summary>
    public sealed record Known(
        IReadOnlyList<string> DeferralIds, IReadOnlyList<string> DeferralCodes, IReadOnlyList<string> TaskIds, string AccessToken, long Timestamp);

    private static readonly string[] FormNames =
    [
        "grant_type", "client_id", "client_secret", "scope", "resource", "audience", "authorization_details", "risk_signals",
        "completion_mode", "deferral_code", "auth_req_id", "token", "token_type_hint", "code", "code_verifier", "redirect_uri",
        "refresh_token", "subject_token", "subject_token_type", "actor_token", "actor_token_type", "requested_token_type",
        "assertion", "login_hint", "id_token_hint", "login_hint_token", "user_code", "binding_message", "requested_expiry",
        "client_notification_token", "response_type", "state", "nonce", "code_challenge", "code_challenge_method",
        "username", "password", "action", "decision", "ticket",
    ];

    private static readonly string[] JsonNames =
    [
        "reason", "scope", "authorization_details", "standing", "hours", "ids", "decisions", "decision", "id", "to", "from",
        "starts", "ends", "resources", "scopes", "name", "manager", "roles", "password_hash", "token_hash", "user_code_hash",
        "members", "pattern", "owner", "client_id", "grant_type", "subject", "actor", "resource", "risk_signals", "task_id",
        "status", "reference", "state", "type", "actions", "locations", "amount", "currency",
    ];

    private static readonly string[] Words =
    [
        "client_credentials", "urn:ietf:params:oauth:grant-type:deferred", "urn:openid:params:grant-type:ciba", "refresh_token",
        "authorization_code", "urn:ietf:params:oauth:grant-type:token-exchange", "urn:ietf:params:oauth:grant-type:jwt-bearer",
        "password", "read", "approve:me", "approve:quorum", "openid read", "deploy:webhook", "deferred", "deferred foo", "c1", "c2",
        "web", "p1", "approver", "bob", "erin", "carol", "workflow", "change-board", "admins", "approve", "deny", "approved",
        "denied", "pending", "signin", "consent", "confirm", "allow", "code", "S256", "plain", "http://localhost/cb",
        "https://sensitive.example/x", "urn:ietf:params:oauth:token-type:access_token", "urn:ietf:params:oauth:token-type:deferral-code",
        "2026-12-20T00:00:00Z", "2027-01-05T00:00:00Z", "doc-*", "1", "0", "-1", "99999999999999999999", "1e400", "",
    ];

    private static readonly string[] JsonSnippets =
    [
        "[{\"type\":\"\\ud800\"}]", "[{\"type\":\"payment_initiation\",\"amount\":1e400}]", "{\"score\":\"\\udc00\"}", "[]", "[{}]",
        "{\"score\":72}", "[{\"type\":\"x\",\"actions\":[[[[[[[[]]]]]]]]}]", "{\"a\":", "\"\\u0000\"", "[1,2,", "{\"\\ud83d\\ude00\":true}",
    ];

    private static readonly string[] Segments =
    [
        "..", "%2e%2e", "%", "%%", "%C0%AF", "%ED%A0%80", "%FF", "%F0%9F%98%80", "a%20b", "~", "%u0041", "%2F", "A%0D%0AB",
        new string('A', 43), new string('A', 44), new string('x', 300), "change-board", "access-board", "approver", "workflow",
        "admins", "alice-holiday", "standing-1", "zed", "%E2%80%AE",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/x-www-form-urlencoded", "application/json; charset=utf-8", "application/json; charset=iso-8859-1",
        "application/x-www-form-urlencoded; charset=utf-16", "multipart/form-data; boundary=x", "multipart/form-data", "text/plain",
        "application/json-patch+json", "*/*", "application/xml", "application/x-www-form-urlencoded;;;", "APPLICATION/JSON",
    ];

    private static readonly (string Name, string Secret)[] Connectors =
        [("change-board", ConnectorGatewayFactory.WebhookSecret), ("access-board", ConnectorGatewayFactory.ArapSecret)];

    private readonly IReadOnlyList<(string Method, string Pattern)> _routes;
    private readonly Known _known;
    private readonly string[] _pool = [.. Enumerable.Range(0, 16).Select(i => Base64Url.EncodeToString(BitConverter.GetBytes(i * 7919L).Concat(new byte[24]).ToArray()))];
    private readonly Gen<string> _plainValue;
    private readonly Gen<byte[]> _json;
    private readonly Gen<string> _jwt;
    private readonly Gen<string> _value;

    /// <summary>Generators are built once, in dependency order: values, JSON of values, JWTs of JSON, values with JWTs.</summary>
    public HostileRequests(IReadOnlyList<(string Method, string Pattern)> routes, Known known)
    {
        _routes = routes;
        _known = known;
        _plainValue = PlainValue();
        _json = JsonBody();
        _jwt = from header in _json
               from payload in _json
               select $"{Base64Url.EncodeToString(header)}.{Base64Url.EncodeToString(payload)}.AAAA";
        _value = Gen.Frequency((12, _plainValue), (1, _jwt));
    }

    /// <summary>Requests to every route, evenly; each route's generators are built once.</summary>
    public Gen<HostileRequest> All() => Gen.OneOf([.. _routes.Select(ToRoute)]);

    private Gen<HostileRequest> ToRoute((string Method, string Pattern) route)
    {
        var methods = Gen.Frequency((12, Gen.Const(route.Method)), (1, Gen.OneOf("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD")));
        var paths = Path(route.Pattern);
        var queries = Query();
        var bodies = Body(route.Pattern);
        var headers = Headers(route.Pattern);
        return from method in methods
               from path in paths
               from query in queries
               from body in bodies
               from header in headers
               from signed in Gen.Int[0, 9]
               select Sign(new HostileRequest($"{route.Method} {route.Pattern}", method, path + query, body.Bytes, body.ContentType, header), route.Pattern, signed < 3);
    }

    /// <summary>Callbacks: three in ten signed correctly for the connector in their path, so the body is parsed.</summary>
    private HostileRequest Sign(HostileRequest request, string pattern, bool sign)
    {
        if (!pattern.StartsWith("/connectors/", StringComparison.Ordinal) || !sign)
        {
            return request;
        }

        var (name, secret) = Connectors[request.Body.Length % Connectors.Length];
        return request with
        {
            Method = "POST",
            Path = $"/connectors/{name}/callback",
            Headers =
            [
                .. request.Headers.Where(h => !h.Name.StartsWith("X-DeferredOrleans", StringComparison.Ordinal)),
                (ConnectorSignature.TimestampHeader, _known.Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                (ConnectorSignature.SignatureHeader, ConnectorSignature.Sign(secret, _known.Timestamp, request.Body)),
            ],
        };
    }

    private Gen<string> Path(string pattern)
    {
        var parameters = Parameter().Matches(pattern).Select(m => m.Groups[1].Value).ToList();
        return parameters.Count == 0
            ? Gen.Const(pattern)
            : Segment().Array[parameters.Count].Select(values =>
            {
                var path = pattern;
                foreach (var value in values)
                {
                    path = Parameter().Replace(path, value, 1);
                }

                return path;
            });
    }

    private Gen<string> Segment() => Gen.Frequency(
        (4, Gen.OneOf([.. _known.DeferralIds, .. _known.TaskIds])),
        (3, Gen.OneOf(_pool)),
        (3, Gen.OneOf(Segments)),
        // No NUL: a server never sees one in a path (Kestrel refuses it, and the in-memory server cannot carry it).
        (1, Gen.Byte[1, 255].Array[1, 12].Select(Percent)));

    private Gen<string> Query() => Gen.Frequency(
        (3, Gen.Const("")),
        (2, Pair(FormNames, encoded: true).Array[1, 6].Select(pairs => "?" + Encoding.Latin1.GetString(Join(pairs)))),
        (1, Gen.OneOf("?limit=abc&cursor=%00", "?limit=99999999999999999999", "?%%%", "?pattern=%FF", "?deferral=x&approver=%C0%80&from=bad&to=9999-99-99", "?a=1&a=2&a=3")));

    private Gen<(byte[] Bytes, string? ContentType)> Body(string pattern)
    {
        var json = pattern.StartsWith("/approvals", StringComparison.Ordinal) || pattern.StartsWith("/admin", StringComparison.Ordinal) || pattern.StartsWith("/connectors", StringComparison.Ordinal);
        return Gen.Frequency(
            (json ? 6 : 1, _json.Select(b => (b, (string?)"application/json"))),
            (json ? 1 : 6, FormBody().Select(b => (b, (string?)"application/x-www-form-urlencoded"))),
            (1, Gen.Const((System.Array.Empty<byte>(), (string?)null))),
            (1, Gen.Byte.Array[0, 300].Select(b => (b, (string?)"application/octet-stream"))),
            (2, Gen.Select(Gen.Frequency((1, _json), (1, FormBody())), Gen.OneOf(ContentTypes), (b, type) => (b, (string?)type))));
    }

    // Bodies past the form limits (64 parameters, 32 KiB a value, 64 KiB in all) are rare: each costs the server
    // little, but generating and copying them costs the run much.
    private Gen<byte[]> FormBody() => Gen.Frequency(
        (60, Pair(FormNames, encoded: true).Array[1, 10].Select(Join)),
        (20, Pair(FormNames, encoded: false).Array[1, 8].Select(Join)),
        (2, Gen.Int[60, 300].Select(n => Encoding.ASCII.GetBytes(string.Join('&', Enumerable.Range(0, n).Select(i => $"p{i}=v"))))),
        (1, Gen.OneOf(32_769, 65_537).Select(n => Encoding.ASCII.GetBytes("scope=" + new string('a', n)))));

    /// <summary>A name and a value; raw (not percent-encoded) pairs keep their bytes, valid UTF-8 or not.</summary>
    private Gen<byte[]> Pair(string[] names, bool encoded) =>
        from name in Gen.Frequency((9, Gen.OneOf(names)), (1, Gen.Byte.Array[1, 4].Select(b => Encoding.Latin1.GetString(b))))
        from value in _value
        select encoded
            ? Encoding.ASCII.GetBytes($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}")
            : [.. Encoding.Latin1.GetBytes(name), (byte)'=', .. Encoding.Latin1.GetBytes(value)];

    private Gen<string> PlainValue() => Gen.Frequency(
        (80, Gen.OneOf([.. Words, .. _known.DeferralCodes, .. _known.DeferralIds, _known.AccessToken])),
        (20, Gen.String[Gen.Char['\0', '\u00ff'], 0, 40]),
        (10, Gen.String[0, 20]),
        (20, Gen.OneOf(JsonSnippets)),
        (5, Gen.Int[1, 300].Select(n => new string('[', n))),
        (5, Gen.Int[100, 2000].Select(n => new string('a', n))),
        (1, Gen.OneOf(4097, 32_769).Select(n => new string('a', n))));

    private Gen<byte[]> JsonBody()
    {
        var level1 = Gen.Frequency((3, Scalar()), (1, Object(Scalar())), (1, JsonArray(Scalar())));
        var level2 = Gen.Frequency((2, Scalar()), (3, Object(level1)), (1, JsonArray(level1)));
        var top = Object(level2);
        return Gen.Frequency(
            (10, top),
            (1, level2),
            (1, Gen.Int[1, 400].Select(n => Encoding.ASCII.GetBytes(new string('[', n) + new string(']', n)))),
            (1, Gen.Int[33, 200].Select(n => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", n)) + "1" + new string('}', n)))),
            (1, Gen.Select(top, Gen.Double[0, 1], (b, cut) => b[..(int)(b.Length * cut)])),
            (1, top.Select(b => (byte[])[0xef, 0xbb, 0xbf, .. b])),
            (1, top.Select(b => Encoding.Unicode.GetBytes(Encoding.Latin1.GetString(b)))));
    }

    private Gen<byte[]> Object(Gen<byte[]> values) =>
        from keys in Key().Array[0, 5]
        from members in values.Array[keys.Length]
        select Concat("{"u8.ToArray(), keys.Zip(members, (k, v) => Concat(k, ":"u8.ToArray(), v)).ToArray(), ","u8.ToArray(), "}"u8.ToArray());

    private static Gen<byte[]> JsonArray(Gen<byte[]> items) =>
        items.Array[0, 5].Select(a => Concat("["u8.ToArray(), a, ","u8.ToArray(), "]"u8.ToArray()));

    private static Gen<byte[]> Key() => Gen.Frequency(
        (12, Gen.OneOf(JsonNames).Select(n => Encoding.UTF8.GetBytes($"\"{n}\""))),
        (1, Gen.Byte[0x80, 0xff].Array[1, 3].Select(b => (byte[])[(byte)'"', .. b, (byte)'"'])),
        (1, Gen.OneOf("\"\\ud800\"", "\"\\udc00x\"", "\"\"", "\"reason\"").Select(Encoding.ASCII.GetBytes)));

    private Gen<byte[]> Scalar() => Gen.Frequency(
        (6, _plainValue.Select(v => Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(v)))),
        (2, Gen.Byte.Array[0, 8].Select(b => (byte[])[(byte)'"', .. b.Select(x => x == (byte)'"' ? (byte)'x' : x), (byte)'"'])),
        (2, Gen.OneOf("\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\ud800\"", "\"\\u0000\"", "\"\\ud83d\\ude00\"", "\"\\x\"").Select(Encoding.ASCII.GetBytes)),
        (2, Gen.OneOf("0", "-1", "1e400", "123456789012345678901234567890", "1.5", "-0", "8", "24", "200", "true", "false", "null").Select(Encoding.ASCII.GetBytes)),
        (1, Gen.OneOf(JsonSnippets).Select(Encoding.UTF8.GetBytes)));

    private Gen<IReadOnlyList<(string Name, string Value)>> Headers(string pattern)
    {
        var api = pattern.StartsWith("/approvals", StringComparison.Ordinal) || pattern.StartsWith("/admin", StringComparison.Ordinal);
        var client = pattern is "/token" or "/revoke" or "/introspect" or "/bc-authorize";
        var authorization = Gen.Frequency(
            (api ? 30 : 1, Gen.Const<string?>(Basic("approver", "approver-pw"))),
            (client ? 20 : 1, Gen.OneOf<string?>(Basic("c1", "c1-secret"), Basic("rs", "rs-secret"), Basic("ciba", "ciba-secret"), Basic("exchanger", "exchanger-secret"))),
            (4, Gen.OneOf<string?>(null, "Basic !!!", "Basic", "Bearer", "Bearer x", "Basic =====", "Negotiate abc", "Basic " + new string('A', 3000), "Bearer " + _known.AccessToken)),
            (1, Gen.Byte.Array[0, 12].Select(b => (string?)("Basic " + Convert.ToBase64String(b)))),
            (1, Gen.String[Gen.Char['\0', '\u00ff'], 0, 30].Select(s => (string?)s)));

        // Wrong passwords cost a PBKDF2 each: a few, so that the rest of the budget goes to the endpoints' own handling.
        var guess = Gen.Frequency((300, Gen.Const((string?)null)), (1, Gen.OneOf<string?>(Basic("approver", "nope"), Basic("nobody", "nope"), Basic("c1", "nope"))));
        var extra = Gen.Frequency(
            (6, Gen.Const<(string, string)[]>([])),
            (1, _jwt.Select(j => new[] { ("DPoP", j) })),
            (1, Gen.String[Gen.Char['\u0020', '\u00ff'], 0, 60].Select(s => new[] { ("DPoP", s) })),
            (1, Gen.OneOf("x", "\u00ff\u00fe", new string('v', 9000)).Select(s => new[] { ("X-DeferredOrleans-Signature", "v1=" + s), ("X-DeferredOrleans-Timestamp", s) })),
            (1, Gen.String[Gen.Char['\u0020', '\u00ff'], 0, 40].Select(s => new[] { ("Accept", s), ("X-Forwarded-For", s), ("Cookie", s) })));
        return from a in authorization
               from g in guess
               from twice in Gen.Int[0, 40]
               from e in extra
               select (IReadOnlyList<(string, string)>)[
                   .. new[] { g ?? a }.OfType<string>().Select(v => ("Authorization", v)),
                   .. (twice == 0 && a is not null ? new[] { ("Authorization", a) } : []),
                   .. e];
    }

    private static string Basic(string user, string secret) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}"));

    private static string Percent(byte[] bytes) => string.Concat(bytes.Select(b => $"%{b:X2}"));

    private static byte[] Join(byte[][] pairs) => Concat([], pairs, "&"u8.ToArray(), []);

    private static byte[] Concat(byte[] first, byte[] second, byte[] third) => [.. first, .. second, .. third];

    private static byte[] Concat(byte[] open, byte[][] items, byte[] separator, byte[] close)
    {
        var all = new List<byte>(open);
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0)
            {
                all.AddRange(separator);
            }

            all.AddRange(items[i]);
        }

        all.AddRange(close);
        return [.. all];
    }

    [GeneratedRegex(@"\{([^}:?]+)[^}]*\}")]
    private static partial Regex Parameter();
}
