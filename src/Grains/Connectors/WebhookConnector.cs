using System.Text;
using System.Text.Json;
using DeferredOrleans.Abstractions.Connectors;
using DeferredOrleans.Core.Connectors;

namespace DeferredOrleans.Grains.Connectors;

/// <summary>
/// ServiceNow, Jira or Slack style: the approval task is POSTed as signed JSON; any 2xx means the system took it.
/// The outcome comes back later on the signed callback. The task names the request by its approval id and never
/// carries the deferral code.
/// </summary>
public sealed class WebhookConnector(ConnectorHttp http) : IConnectorProtocol
{
    public const string TaskEvent = "approval_task";
    public const string CancelledEvent = "approval_task.cancelled";

    public ConnectorKind Kind => ConnectorKind.Webhook;

    /// <summary>Any 2xx means the system took the task.</summary>
    public async Task<ApprovalTaskEvent> DeliverAsync(ConnectorTask task, ConnectorSecrets secrets, DateTimeOffset now)
    {
        var body = TaskBody(task);
        var headers = ConnectorRequest.Headers(secrets, body, now, TaskEvent);
        headers.Add(new("Idempotency-Key", ConnectorRequest.IdempotencyKey(task)));
        var response = await http.SendAsync(HttpMethod.Post, task.Binding.Url, body, headers, task.Binding.Timeout);
        return new ApprovalTaskEvent.DeliveryAnswered(response.Status, RetryAfter.Parse(response.RetryAfter, now));
    }

    /// <summary>
    /// One best-effort notice that the task no longer matters (the request was cancelled, expired or decided elsewhere);
    /// whatever the answer, it is not sent again.
    /// </summary>
    public async Task<ApprovalTaskEvent> TellEndedAsync(ApprovalTaskState state, ConnectorSecrets secrets, DateTimeOffset now)
    {
        var task = state.Task!;
        var body = Json(w =>
        {
            w.WriteString("type", CancelledEvent);
            w.WriteString("task_id", task.DeferralId);
            w.WriteString("reason", ApprovalTaskEndings.Word(state.Ending) ?? "cancelled");
        });
        await http.SendAsync(HttpMethod.Post, task.Binding.Url, body, ConnectorRequest.Headers(secrets, body, now, CancelledEvent), task.Binding.Timeout);
        return new ApprovalTaskEvent.EndNoticeSent(Done: true);
    }

    /// <summary>The approval task as the system receives it.</summary>
    public static string TaskBody(ConnectorTask task)
    {
        var request = task.Request;
        return Json(w =>
        {
            w.WriteString("type", TaskEvent);
            w.WriteString("task_id", task.DeferralId);
            w.WriteString("approver", task.Binding.ApproverId);
            w.WriteString("client_id", request.ClientId);
            w.WriteString("subject", request.Subject);
            w.WriteString("grant_type", request.GrantType);
            w.WriteString("scope", string.Join(' ', request.Scopes));
            w.WriteStartArray("resource");
            foreach (var resource in request.Resources)
            {
                w.WriteStringValue(resource);
            }

            w.WriteEndArray();
            if (request.AuthorizationDetails is { } details)
            {
                w.WritePropertyName("authorization_details");
                w.WriteRawValue(details);
            }

            if (request.Actor is { } actor)
            {
                w.WritePropertyName("act");
                w.WriteRawValue(actor);
            }

            w.WriteString("rule", task.Rule);
            w.WriteString("created_at", task.CreatedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("expires_at", task.ExpiresAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("callback_url", task.Binding.CallbackUrl);
        });
    }

    internal static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
