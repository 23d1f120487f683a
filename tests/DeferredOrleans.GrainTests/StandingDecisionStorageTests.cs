using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Grains.Approvals;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace DeferredOrleans.GrainTests;

/// <summary>Standing decisions stored before they recorded grant type and subject read back whole, and cover nothing.</summary>
public sealed class StandingDecisionStorageTests
{
    /// <summary>
    /// alice's standing decision for client agent-c under rule calendar-write, scope calendar:write, 09:00 to 17:00 on
    /// 2026-11-26, as the storage serializer wrote it before grant type and subject were recorded (commit 02e233e).
    /// </summary>
    private const string StoredBeforeSubjectAndGrantType =
        "ICAAAyHoQBNzZC1sZWdhY3lBC2FsaWNlQQ9hZ2VudC1jQR1jYWxlbmRhci13cml0ZSEgAANBHWNhbGVuZGFyOndyaXRl4OAhIODgIYAAaMemm0vfCIEAAAAAAAAAAOAhgACo6rTeS98IgQAAAAAAAAAA4ODg4A==";

    [Fact]
    public async Task StoredDecision_FromBeforeSubjectAndGrantType_ReadsWholeAndMatchesNoRequest()
    {
        await using var cluster = await TestCluster.StartAsync();
        var serializer = ((InProcessSiloHandle)cluster.Cluster.Silos[0]).SiloHost.Services.GetRequiredService<IGrainStorageSerializer>();

        var stored = Assert.Single(serializer.Deserialize<StandingDecisionsState>(new BinaryData(Convert.FromBase64String(StoredBeforeSubjectAndGrantType)))!.Decisions);

        Assert.Equal(("sd-legacy", "alice", "agent-c", "calendar-write"), (stored.Id, stored.ApproverId, stored.ClientId, stored.Rule));
        Assert.Equal<string>(["calendar:write"], stored.Scopes);
        Assert.Equal((null, null, true), (stored.GrantType, stored.Subject, stored.IsLegacy));

        // In the approver's grain it is listed (so it can be revoked) but covers neither of the requests it might have meant.
        var grain = cluster.Grains.GetGrain<IStandingDecisionsGrain>("alice");
        await grain.CreateAsync(stored);
        Assert.Contains(await grain.ListAsync(), d => d.Id == "sd-legacy");
        Assert.Null(await grain.MatchAsync(new StandingQuery("agent-c", "calendar-write", ["calendar:write"], ImmutableArray<string>.Empty, "client_credentials", "agent-c")));
        Assert.Null(await grain.MatchAsync(new StandingQuery("agent-c", "calendar-write", ["calendar:write"], ImmutableArray<string>.Empty, "urn:ietf:params:oauth:grant-type:jwt-bearer", "carol")));
    }
}
