using System.Text.Json.Nodes;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// An AuthZEN Authorization API PDP on a real HTTP server, deciding by the action's name: <c>pdp:deny</c> is a plain
/// denial, <c>pdp:request</c> a requestable one (allowed once asked again with <c>context.approval</c>),
/// <c>pdp:request-then-deny</c> requestable but denied again after approval, <c>pdp:down</c> a 500, <c>pdp:slow</c>
/// slower than the server's timeout; anything else is allowed.
/// </summary>
public sealed class FakePdp(ExternalSystem system, Func<string> accessRequestEndpoint)
{
    public const string Path = "/access/v1/evaluation";

    public ExternalSystem System => system;

    public string EvaluationUrl => system.BaseUrl + Path;

    public static async Task<FakePdp> StartAsync(Func<string> accessRequestEndpoint)
    {
        var pdp = new FakePdp(await ExternalSystem.StartAsync(), accessRequestEndpoint);
        pdp.System.Handler = pdp.DecideAsync;
        return pdp;
    }

    private async Task<ExternalReply> DecideAsync(ExternalRequest request)
    {
        var body = JsonNode.Parse(request.Body)!;
        var action = body["action"]?["name"]?.GetValue<string>();
        var approved = body["context"]?["approval"] is not null;
        switch (action)
        {
            case "pdp:down":
                return new ExternalReply(500, """{"error":"boom"}""");
            case "pdp:slow":
                await Task.Delay(TimeSpan.FromSeconds(3));
                return Decision(true);
            case "pdp:deny":
                return Decision(false);
            case "pdp:request" when approved:
                return Decision(true);
            case "pdp:request" or "pdp:request-then-deny" when !approved:
                return new ExternalReply(200, new JsonObject
                {
                    ["decision"] = false,
                    ["context"] = new JsonObject
                    {
                        ["evaluation_id"] = "ev_" + Guid.NewGuid().ToString("N")[..8],
                        ["reason"] = "approval_required",
                        ["access_request"] = new JsonObject
                        {
                            ["endpoint"] = accessRequestEndpoint(),
                            ["expires_at"] = DateTime.UtcNow.AddMinutes(10).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", global::System.Globalization.CultureInfo.InvariantCulture),
                        },
                    },
                }.ToJsonString());
            case "pdp:request-then-deny":
                return Decision(false);
            default:
                return Decision(true);
        }
    }

    private static ExternalReply Decision(bool allowed) => new(200, allowed ? """{"decision":true}""" : """{"decision":false}""");
}
