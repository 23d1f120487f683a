namespace DeferredOrleans.Grains;

/// <summary>
/// Group commit for a reentrant grain whose every change is one storage write: changes that arrive while a write is
/// in flight queue up, and one flush at a time stores everything queued with a single write. Each caller's task
/// completes once its change is durable, or fails with the flush that carried it. Used only from the grain's own
/// context, where calls interleave only at awaits, so the queue needs no lock.
/// </summary>
/// <param name="flush">Stores a batch and returns one result per change, in order; throws if nothing was stored.</param>
internal sealed class GroupCommit<TChange, TResult>(Func<IReadOnlyList<TChange>, Task<IReadOnlyList<TResult>>> flush)
{
    private List<(TChange Change, TaskCompletionSource<TResult> Done)> _queue = [];
    private bool _flushing;

    public Task<TResult> CommitAsync(TChange change)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add((change, done));
        if (!_flushing)
        {
            // Set before the flush starts: a flush that writes nothing finishes synchronously and clears it.
            _flushing = true;
            _ = FlushAsync();
        }

        return done.Task;
    }

    private async Task FlushAsync()
    {
        while (_queue.Count > 0)
        {
            var batch = _queue;
            _queue = [];
            try
            {
                var results = await flush([.. batch.Select(b => b.Change)]);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.SetResult(results[i]);
                }
            }
            catch (Exception e)
            {
                batch.ForEach(b => b.Done.SetException(e));
            }
        }

        _flushing = false;
    }
}
