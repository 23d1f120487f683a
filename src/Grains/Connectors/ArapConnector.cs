using System.Text.Json;
using System.Text.Json.Nodes;
using DeferredOrleans.Abstractions.Connectors;
using DeferredOrleans.Core.Connectors;

namespace DeferredOrleans.Grains.Connectors;

/// <summary>
/// The AuthZEN Access Request and Approval Profile (ARAP): submit the access request with a stable
/// <c>Idempotency-Key</c>, read the task at its status endpoint, cancel it through <c>links.cancel</c>, and, for a
/// PDP's requestable denial, re-evaluate with <c>context.approval</c> before the approval counts (AROP).
/// </summary>
public sealed class ArapConnector(ConnectorHttp http) : IConnectorProtocol
{
    private const string ProblemPrefix = "urn:openid:authzen:access-request:error:";

    public ConnectorKind Kind => ConnectorKind.Arap;

    /// <summary>Submits the access request.</summary>
    public async Task<ApprovalTaskEvent> DeliverAsync(ConnectorTask task, ConnectorSecrets secrets, DateTimeOffset now)
    {
        var body = SubmissionBody(task);
        var headers = ConnectorRequest.Headers(secrets, body, now);
        headers.Add(new("Idempotency-Key", ConnectorRequest.IdempotencyKey(task)));
        return new ApprovalTaskEvent.SubmissionAnswered(Classify(await http.SendAsync(HttpMethod.Post, task.Binding.Url, body, headers, task.Binding.Timeout), now));
    }

    /// <summary>Reads the task at its status endpoint.</summary>
    public async Task<ApprovalTaskEvent.StatusRead> ReadStatusAsync(ConnectorTask task, string statusEndpoint, ConnectorSecrets secrets, DateTimeOffset now) =>
        new(Classify(await http.SendAsync(HttpMethod.Get, statusEndpoint, null, ConnectorRequest.Headers(secrets, null, now), task.Binding.Timeout), now));

    /// <summary>Cancels the task through <c>links.cancel</c>; done unless worth trying again (cancelled, already terminal, or not cancellable).</summary>
    public async Task<ApprovalTaskEvent> TellEndedAsync(ApprovalTaskState state, ConnectorSecrets secrets, DateTimeOffset now)
    {
        // A task without a cancel link is never told (ApprovalTaskTransitions), so there is nothing to send.
        if (state is not { Task: { } task, CancelUrl: { } cancelUrl })
        {
            return new ApprovalTaskEvent.EndNoticeSent(Done: true);
        }

        var response = await http.SendAsync(HttpMethod.Post, cancelUrl, null, ConnectorRequest.Headers(secrets, null, now), task.Binding.Timeout);
        return new ApprovalTaskEvent.EndNoticeSent(!response.IsTransient);
    }

    /// <summary>
    /// AROP "Re-evaluation and issuance": every evaluation is asked again with the approval at <c>context.approval</c>.
    /// Allowed when all allow, denied when one denies, neither when the PDP did not answer (try again later).
    /// </summary>
    public async Task<ApprovalTaskEvent.ReevaluationAnswered> ReevaluateAsync(ConnectorTask task, ApprovalTaskEffect.Reevaluate asked, ConnectorSecrets secrets) =>
        new(asked, await AllowsAsync(task, asked.Approved, secrets));

    /// <summary>The submission: the access request prepared when the deferral was created, plus callback and requested_access.</summary>
    public static string SubmissionBody(ConnectorTask task)
    {
        var body = task.Binding.AccessRequest is { } prepared ? JsonNode.Parse(prepared)!.AsObject() : [];
        body["requested_access"] = new JsonObject { ["requested_until"] = Rfc3339.Format(task.RequestedUntil) };
        // ARAP callbacks are advisory; "state" lets the callback name the task without naming anything else.
        body["callback"] = new JsonObject { ["endpoint"] = task.Binding.CallbackUrl, ["state"] = task.DeferralId };
        return body.ToJsonString();
    }

    /// <summary>What an answer from the access request service means.</summary>
    public static ArapReply Classify(ConnectorResponse response, DateTimeOffset now)
    {
        var retryAfter = RetryAfter.Parse(response.RetryAfter, now);
        if (response.IsSuccess)
        {
            return ArapTaskDocument.Parse(response.Body) is { Id: not null, Status: not null } task
                ? new ArapReply(ArapReplyKind.Task, task with { StatusEndpoint = task.StatusEndpoint ?? response.Location }, retryAfter, $"HTTP {response.Status}")
                : new ArapReply(ArapReplyKind.Retry, null, retryAfter, $"HTTP {response.Status} without a task");
        }

        var problem = ArapTaskDocument.ProblemType(response.Body) is { } type && type.StartsWith(ProblemPrefix, StringComparison.Ordinal) ? type[ProblemPrefix.Length..] : null;
        var detail = $"HTTP {response.Status}{(problem is null ? "" : $" {problem}")}";
        return response.Status switch
        {
            // ARAP duplicate_request: reuse the task the service names, or keep trying the same key.
            409 when ArapTaskDocument.Parse(response.Body) is { Id: not null, Status: not null } existing =>
                new ArapReply(ArapReplyKind.Task, existing with { StatusEndpoint = existing.StatusEndpoint ?? response.Location }, retryAfter, detail),
            409 when response.Location is { } location => new ArapReply(ArapReplyKind.Task, new ArapTaskDocument(null, "pending", location, null, null, null, null, null), retryAfter, detail),
            409 => new ArapReply(ArapReplyKind.Retry, null, retryAfter, detail),
            // unknown_task, task_expired, expired_denial: the task is gone for good.
            404 or 410 => new ArapReply(ArapReplyKind.Gone, null, null, detail),
            _ when response.IsTransient => new ArapReply(ArapReplyKind.Retry, null, retryAfter, response.Status == 0 ? "no answer" : detail),
            _ => new ArapReply(ArapReplyKind.Rejected, null, null, detail),
        };
    }

    private async Task<bool?> AllowsAsync(ConnectorTask task, ArapTaskDocument approved, ConnectorSecrets secrets)
    {
        if (task.Binding.ReevaluationUrl is not { } url || task.Binding.Reevaluations is not { IsEmpty: false } evaluations)
        {
            return true;
        }

        var approval = new JsonObject { ["id"] = approved.ApprovalId ?? approved.Id };
        if (approved.ApprovedUntil is { } until)
        {
            approval["approved_until"] = Rfc3339.Format(until);
        }

        foreach (var evaluation in evaluations)
        {
            var body = JsonNode.Parse(evaluation)!.AsObject();
            var context = body["context"] as JsonObject ?? [];
            context["approval"] = approval.DeepClone();
            body["context"] = context;
            var json = body.ToJsonString();
            var headers = secrets.BearerToken is { } token ? [new("Authorization", $"Bearer {token}")] : new List<KeyValuePair<string, string>>();
            var response = await http.SendAsync(HttpMethod.Post, url, json, headers, task.Binding.Timeout);
            if (response.Status != 200 || Decision(response.Body) is not { } decision)
            {
                return null;
            }

            if (!decision)
            {
                return false;
            }
        }

        return true;
    }

    private static bool? Decision(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("decision", out var d) && d.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? d.GetBoolean()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
