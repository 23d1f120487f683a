using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// An AuthZEN access request service (ARAP) on a real HTTP server: submissions answer 202 with a pending task (or
/// what a test set), the status endpoint answers what the test set for the task, and <c>links.cancel</c> cancels.
/// </summary>
public sealed class FakeAccessRequestService(ExternalSystem system)
{
    private const string Path = "/access/v1/requests";

    public ExternalSystem System => system;

    public string Endpoint => system.BaseUrl + Path;

    /// <summary>Per task id: the status document (or a whole reply) the status endpoint gives.</summary>
    public ConcurrentDictionary<string, ExternalReply> Status { get; } = new();

    /// <summary>Per deferral id: the reply to its submission, instead of 202 pending.</summary>
    public ConcurrentDictionary<string, ExternalReply> Submission { get; } = new();

    public static string TaskId(string deferralId) => "arq_" + deferralId[..16];

    public static async Task<FakeAccessRequestService> StartAsync()
    {
        var service = new FakeAccessRequestService(await ExternalSystem.StartAsync());
        service.System.Handler = service.HandleAsync;
        return service;
    }

    /// <summary>What the status endpoint of the deferral's task says from now on.</summary>
    public void Set(string deferralId, string status, JsonObject? result = null) =>
        Status[TaskId(deferralId)] = new ExternalReply(200, Document(TaskId(deferralId), status, result));

    public static JsonObject Approval(string id, DateTimeOffset approvedUntil, string? mode = "reevaluate")
    {
        var result = new JsonObject { ["approval"] = new JsonObject { ["id"] = id, ["approved_until"] = approvedUntil.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", global::System.Globalization.CultureInfo.InvariantCulture) } };
        if (mode is not null)
        {
            result["mode"] = mode;
        }

        return result;
    }

    public string Document(string taskId, string status, JsonObject? result = null)
    {
        var document = new JsonObject
        {
            ["task"] = new JsonObject
            {
                ["id"] = taskId,
                ["status"] = status,
                ["status_endpoint"] = $"{Endpoint}/{taskId}",
                ["links"] = new JsonObject { ["cancel"] = $"{Endpoint}/{taskId}/cancel" },
            },
        };
        if (result is not null)
        {
            document["result"] = result;
        }

        return document.ToJsonString();
    }

    /// <summary>The submission the service received for a deferral.</summary>
    public Task<ExternalRequest> SubmissionOfAsync(string deferralId) =>
        system.WaitForAsync(r => r.Method == "POST" && r.Path == Path && State(r) == deferralId);

    public static string? State(ExternalRequest request)
    {
        try
        {
            return JsonNode.Parse(request.Body)?["callback"]?["state"]?.GetValue<string>();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private Task<ExternalReply> HandleAsync(ExternalRequest request)
    {
        if (request.Method == "POST" && request.Path == Path && State(request) is { } deferralId)
        {
            if (Submission.TryGetValue(deferralId, out var reply))
            {
                return Task.FromResult(reply);
            }

            var id = TaskId(deferralId);
            Status.TryAdd(id, new ExternalReply(200, Document(id, "pending")));
            return Task.FromResult(new ExternalReply(202, Document(id, "pending"), new Dictionary<string, string> { ["Location"] = $"{Endpoint}/{id}" }));
        }

        var rest = request.Path.StartsWith(Path + "/", StringComparison.Ordinal) ? request.Path[(Path.Length + 1)..] : "";
        if (request.Method == "POST" && rest.EndsWith("/cancel", StringComparison.Ordinal))
        {
            var id = rest[..^"/cancel".Length];
            Status[id] = new ExternalReply(200, Document(id, "cancelled"));
            return Task.FromResult(Status[id]);
        }

        if (request.Method == "GET" && Status.TryGetValue(rest, out var status))
        {
            return Task.FromResult(status);
        }

        return Task.FromResult(new ExternalReply(404, """{"type":"urn:openid:authzen:access-request:error:unknown_task"}""", ContentType: "application/problem+json"));
    }
}
