using DeferredOrleans.Abstractions.Connectors;
using DeferredOrleans.Core.Connectors;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace DeferredOrleans.GrainTests;

/// <summary>Approval tasks stay readable across the change of their state to an immutable record with an enum ending.</summary>
public sealed class ApprovalTaskStorageTests
{
    /// <summary>
    /// An ARAP task telling its service that the request expired, as the storage serializer wrote it while the state
    /// was a mutable class in DeferredOrleans.Grains with its ending as the word at id 10 (commit b583826).
    /// </summary>
    private const string StoredBeforeEndingEnum =
        "ICDoQBdkZWZlcnJhbC1pZCHoQBlhY2Nlc3MtYm9hcmQJAwVBTWh0dHBzOi8vYXJzLmV4YW1wbGUvYWNjZXNzL3YxL3JlcXVlc3RzQQcBAgNBZ2h0" +
        "dHBzOi8vYXMuZXhhbXBsZS9jb25uZWN0b3JzL2FjY2Vzcy1ib2FyZC9jYWxsYmFja4EA4fUFAAAAAEFPeyJzdWJqZWN0Ijp7InR5cGUiOiJjbGll" +
        "bnQiLCJpZCI6ImMxIn19wQHBAeAh6EAFYzFBJWNsaWVudF9jcmVkZW50aWFsc8EfISAAA0EXZGVwbG95OmFyYXDg4CEgAANBN2h0dHBzOi8vZGVw" +
        "bG95LmV4YW1wbGUvcHJvZODgwQHBAcEBwQHBAeBBM2RlcGxveS1uZWVkcy1hY2Nlc3MtYm9hcmQhgABox6abS98IgQAAAAAAAAAA4CGAACRoDJ1L" +
        "3wiBAAAAAAAAAADgIYAA0IsIpEvfCIEAAAAAAAAAAODgCQMNAQXBAUELYXJxXzFBWWh0dHBzOi8vYXJzLmV4YW1wbGUvYWNjZXNzL3YxL3JlcXVl" +
        "c3RzL2FycV8xQWdodHRwczovL2Fycy5leGFtcGxlL2FjY2Vzcy92MS9yZXF1ZXN0cy9hcnFfMS9jYW5jZWwhgADQiwikS98IgQAAAAAAAAAA4EEP" +
        "cGVuZGluZwERQQ9leHBpcmVk4A==";

    [Fact]
    public async Task StoredTask_FromBeforeTheEndingEnum_ReadsWithEveryFieldAndItsEnding()
    {
        await using var cluster = await TestCluster.StartAsync();
        var serializer = ((InProcessSiloHandle)cluster.Cluster.Silos[0]).SiloHost.Services.GetRequiredService<IGrainStorageSerializer>();

        var stored = serializer.Deserialize<ApprovalTaskState>(new BinaryData(Convert.FromBase64String(StoredBeforeEndingEnum)))!.Upgraded();
        var rewritten = serializer.Deserialize<ApprovalTaskState>(serializer.Serialize(stored)!)!;

        foreach (var state in new[] { stored, rewritten })
        {
            Assert.Equal((ApprovalTaskPhase.Cancelling, ApprovalTaskEnding.Expired, "expired"), (state.Phase, state.Ending, state.View()!.Ending));
            Assert.Equal(("deferral-id", ConnectorKind.Arap, "access-board"), (state.Task!.DeferralId, state.Task.Binding.Kind, state.Task.Binding.ApproverId));
            Assert.Equal(("arq_1", "https://ars.example/access/v1/requests/arq_1/cancel", "pending"), (state.RemoteTaskId, state.CancelUrl, state.LastStatus));
            Assert.Equal((1, 4, null), (state.Attempts, state.Polls, state.LegacyEnding));
        }
    }
}
