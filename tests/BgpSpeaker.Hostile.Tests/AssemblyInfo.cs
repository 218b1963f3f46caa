// One daemon serves every test (a collection fixture); tests take turns so each one's timing is its own.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
