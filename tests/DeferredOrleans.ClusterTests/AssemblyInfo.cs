// Each test runs a whole cluster on a 2-core machine: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
