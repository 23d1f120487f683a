using System.Collections.Concurrent;
using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.GrainTests;

/// <summary>
/// What a live inbox page hears: the inbox grain tells its subscribed observers when a request enters, changes (a
/// decision recorded by its deferral) and leaves; and the grain-side history of a request is for its approvers only.
/// </summary>
public sealed class InboxObserverTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Observer_HearsAddedUpdatedAndRemoved()
    {
        var heard = new Changes();
        var reference = _cluster.Grains.CreateObjectReference<IInboxObserver>(heard);
        await _cluster.Grains.GetGrain<IApproverInboxGrain>("carol").SubscribeAsync(reference);
        var id = Requests.NewId();
        var deferral = _cluster.Grains.GetGrain<IDeferralGrain>(id);

        await deferral.CreateAsync(new DeferralStart(Requests.WriteDoc, Requests.ToAdmins(_cluster.Time.GetUtcNow())));
        await heard.WaitForAsync(InboxChangeKind.Added, id);
        await deferral.DecideAsync(new ApproverDecision("bob", Approve: true));
        await heard.WaitForAsync(InboxChangeKind.Updated, id);
        await deferral.DecideAsync(new ApproverDecision("dave", Approve: true));
        await heard.WaitForAsync(InboxChangeKind.Removed, id);

        await _cluster.Grains.GetGrain<IApproverInboxGrain>("carol").UnsubscribeAsync(reference);
        _cluster.Grains.DeleteObjectReference<IInboxObserver>(reference);
        GC.KeepAlive(heard);
    }

    [Fact]
    public async Task History_IsForTheRequestsApproversOnly()
    {
        var id = Requests.NewId();
        await _cluster.Grains.GetGrain<IDeferralGrain>(id).CreateAsync(new DeferralStart(Requests.WriteDoc, Requests.ToOwner(_cluster.Time.GetUtcNow())));

        var alices = await _cluster.Grains.GetGrain<IApproverInboxGrain>("alice").HistoryAsync(id);
        var bobs = await _cluster.Grains.GetGrain<IApproverInboxGrain>("bob").HistoryAsync(id);
        var malformed = await _cluster.Grains.GetGrain<IApproverInboxGrain>("alice").HistoryAsync("../x");

        Assert.NotNull(alices);
        Assert.Contains(alices.Value, e => e.Event.Kind == "deferral.created" && e.Event.DeferralId == id);
        Assert.Null(bobs);
        Assert.Null(malformed);
    }

    private sealed class Changes : IInboxObserver
    {
        private readonly ConcurrentQueue<InboxChange> _changes = new();

        public Task OnChangedAsync(InboxChange change)
        {
            _changes.Enqueue(change);
            return Task.CompletedTask;
        }

        public async Task WaitForAsync(InboxChangeKind kind, string id)
        {
            for (var i = 0; i < 100; i++)
            {
                if (_changes.Any(c => c.Kind == kind && c.DeferralIds.Contains(id)))
                {
                    return;
                }

                await Task.Delay(50);
            }

            Assert.Fail($"the observer never heard {kind} for {id}; it heard {string.Join(", ", _changes.Select(c => c.Kind))}");
        }
    }
}
