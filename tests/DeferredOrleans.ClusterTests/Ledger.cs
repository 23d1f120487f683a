using System.Collections.Concurrent;
using System.Diagnostics;

namespace DeferredOrleans.ClusterTests;

/// <summary>
/// What the clients were told during mixed traffic: the deferral codes they received and the approvals answered
/// "recorded". Afterwards, every one of them must still be there; that is what "nothing lost" means.
/// </summary>
public sealed class Ledger
{
    private static readonly string[] Approvers = ["bob", "carol"];
    private readonly ConcurrentDictionary<string, string> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Id, string Approver), bool> _recorded = new();
    private readonly Stopwatch _sinceLastCreation = Stopwatch.StartNew();

    public ConcurrentQueue<(TimeSpan At, Answer Answer)> Answers { get; } = new();

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public int Codes => _codes.Count;

    public void AddCodes(IEnumerable<string> codes)
    {
        foreach (var code in codes)
        {
            _codes[ApprovalIds.Of(code)] = code;
        }
    }

    /// <summary>Runs mixed traffic (requests, approvals, views) from several workers until cancelled.</summary>
    public async Task RunTrafficAsync(DtrClient client, int workers, CancellationToken stop)
    {
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async worker =>
        {
            for (var step = worker; !stop.IsCancellationRequested; step++)
            {
                var at = Clock.Elapsed;
                var answer = await StepAsync(client, step);
                Answers.Enqueue((at, answer));
                await Task.Delay(50, CancellationToken.None);
            }
        }));
    }

    /// <summary>
    /// Every code the client received is served with at least the approvals it was told were recorded; then the
    /// approvals complete and every code yields exactly one token.
    /// </summary>
    public async Task VerifyNothingLostAsync(DtrClient client)
    {
        foreach (var (id, answer) in await Traffic.ForEachAsync(_codes.Keys, id => client.ViewAsync("carol", id)))
        {
            Assert.True(answer.Status == 200, $"{id}: {answer}");
            var told = Approvers.Count(a => _recorded.ContainsKey((id, a)));
            Assert.True(answer.Approved >= told, $"{id} was told {told} approval(s) were recorded but shows {answer.Approved}: {answer}");
        }

        foreach (var approver in Approvers)
        {
            foreach (var (id, answer) in await Traffic.ForEachAsync(_codes.Keys, id => client.ApproveAsync(approver, id)))
            {
                // An earlier approval was stored although its answer was lost or was a 503 (already_decided), or both
                // approvals are in already (not_pending: the request is approved).
                Assert.True(answer.Status == 200 || answer.Error is "already_decided" or "not_pending", $"{id}: {answer}");
            }
        }

        // RFC 8628 §3.5: no poll sooner than the interval after the deferred response.
        if (_sinceLastCreation.Elapsed < TimeSpan.FromSeconds(5.5))
        {
            await Task.Delay(TimeSpan.FromSeconds(5.5) - _sinceLastCreation.Elapsed);
        }

        foreach (var (id, answer) in await Traffic.ForEachAsync(_codes.Keys, id => client.PollAsync(_codes[id])))
        {
            Assert.True(answer.Status == 200 && answer.Property("access_token") is not null, $"{id}: {answer}");
        }

        foreach (var (id, answer) in await Traffic.ForEachAsync(_codes.Keys, id => client.PollAsync(_codes[id])))
        {
            Assert.True(answer.Error == "invalid_grant", $"{id}: {answer}");
        }
    }

    /// <summary>
    /// Whatever an approver still sees pending is whole (it can be opened), never a half-written request; it can
    /// only be a request whose creation was answered with an error, so its client never got the code.
    /// </summary>
    public async Task<int> VerifyInboxWholeAsync(DtrClient client, string approver)
    {
        var orphans = 0;
        string? cursor = null;
        do
        {
            var page = await client.ListAsync(approver, cursor);
            Assert.True(page.Status == 200, page.ToString());
            foreach (var item in page.Json.GetProperty("items").EnumerateArray())
            {
                var id = item.GetProperty("id").GetString()!;
                Assert.False(_codes.ContainsKey(id), $"{id} was approved by everyone yet is still listed pending");
                var view = await client.ViewAsync(approver, id);
                Assert.True(view.Status == 200, view.ToString());
                orphans++;
            }

            cursor = page.Property("next_cursor");
        }
        while (cursor is not null);
        return orphans;
    }

    private async Task<Answer> StepAsync(DtrClient client, int step)
    {
        var ids = _codes.Keys.ToArray();
        switch (step % 3)
        {
            case 0:
                var created = await client.RequestAsync("pair:write");
                if (created.Property("deferral_code") is { } code)
                {
                    _codes[ApprovalIds.Of(code)] = code;
                    _sinceLastCreation.Restart();
                }

                return created;
            case 1:
                var id = ids[Random.Shared.Next(ids.Length)];
                var approver = Approvers[Random.Shared.Next(Approvers.Length)];
                var approved = await client.ApproveAsync(approver, id);
                if (approved.Status == 200)
                {
                    _recorded[(id, approver)] = true;
                }

                return approved;
            default:
                return await client.ViewAsync("carol", ids[Random.Shared.Next(ids.Length)]);
        }
    }
}
