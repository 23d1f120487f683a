namespace DeferredOrleans.Grains;

/// <summary>
/// Group commit for a reentrant grain whose every change is one storage write: changes that arrive while a write is
/// in flight queue up, and one flush at a time stores everything queued with a single write. Each caller's task
/// completes once its change is durable, or fails with the flush that carried it. Used only from the grain's own
/// context, where calls interleave only at awaits, so the queue needs no lock.
/// </summary>
/// <param name="flush">Stores a batch and returns one result per change, in order; throws if nothing was stored.</param>
/// <param name="stepAside">
/// For a grain whose flush changes its memory before it stores it: after a failed flush memory is ahead of storage, so
/// the grain is deactivated and every later change refused (<see cref="StateWrites.SteppingAside"/>, transient) until
/// the next activation reloads it. Names the grain in that answer.
/// </param>
internal sealed class GroupCommit<TChange, TResult>(
    Func<IReadOnlyList<TChange>, Task<IReadOnlyList<TResult>>> flush,
    (IGrainBase Grain, string Name)? stepAside = null)
{
    private List<(TChange Change, TaskCompletionSource<TResult> Done)> _queue = [];
    private bool _flushing;
    private bool _steppingAside;

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
                if (_steppingAside)
                {
                    throw StateWrites.SteppingAside(stepAside!.Value.Name);
                }

                var results = await flush([.. batch.Select(b => b.Change)]);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.SetResult(results[i]);
                }
            }
            catch (Exception e)
            {
                if (stepAside is { } owner && !_steppingAside)
                {
                    _steppingAside = true;
                    owner.Grain.DeactivateOnIdle();
                }

                batch.ForEach(b => b.Done.SetException(e));
            }
        }

        _flushing = false;
    }
}
