using System.Globalization;
using System.Text;
using System.Text.Json;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Abstractions.Connectors;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Gateway.OAuth;
using Microsoft.Extensions.DependencyInjection;

namespace DeferredOrleans.HttpTests;

/// <summary>What the connector tests do besides OAuth: sign callbacks as an external system would, and look at tasks.</summary>
public sealed class ConnectorTestClient(ConnectorGatewayFactory factory)
{
    public OAuthTestClient OAuth { get; } = new(factory.CreateClient(), factory.Time);

    public IGrainFactory Grains => factory.Services.GetRequiredService<IGrainFactory>();

    /// <summary>POSTs a callback signed with <paramref name="secret"/> at <paramref name="timestamp"/> (default: the server's now).</summary>
    public async Task<Reply> CallbackAsync(string approverId, string secret, string body, long? timestamp = null, string? signature = null)
    {
        var at = timestamp ?? factory.Time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/connectors/{approverId}/callback") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-DeferredOrleans-Timestamp", at.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-DeferredOrleans-Signature", signature ?? Hmac.Sign(secret, at, body));
        return await Reply.ReadAsync(await OAuth.Http.SendAsync(request));
    }

    public static string Outcome(string deferralId, string status, string? reference = null) =>
        JsonSerializer.Serialize(new Dictionary<string, string?> { ["task_id"] = deferralId, ["status"] = status, ["reference"] = reference }
            .Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value));

    public Task<ApprovalTaskView?> TaskAsync(string approverId, string code) =>
        Grains.GetGrain<IApprovalTaskGrain>(GrainKeys.ApprovalTask(approverId, DeferralCodes.Id(code))).GetAsync();

    /// <summary>Waits on the real clock (reminders run on it) until the task satisfies <paramref name="condition"/>.</summary>
    public async Task<ApprovalTaskView> WaitForTaskAsync(string approverId, string code, Func<ApprovalTaskView, bool> condition, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        ApprovalTaskView? view = null;
        while (DateTime.UtcNow < deadline)
        {
            view = await TaskAsync(approverId, code);
            if (view is not null && condition(view))
            {
                return view;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The task never got there; last seen: {view}");
    }

    /// <summary>The deferral's status as its approver sees it (null once it is no longer routed or pending for them).</summary>
    public async Task<DeferralStatus?> StatusAsync(string approverId, string code) =>
        (await Grains.GetGrain<IDeferralGrain>(DeferralCodes.Id(code)).GetViewAsync(approverId))?.Status;

    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(string code) =>
        await Grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog).QueryAsync(new AuditQuery(DeferralCodes.Id(code)));
}
