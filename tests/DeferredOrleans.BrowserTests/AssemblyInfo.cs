// One server and one browser for all tests; they run one after another on this 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
