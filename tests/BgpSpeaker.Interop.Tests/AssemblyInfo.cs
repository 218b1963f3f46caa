// Labs start FRR and bgpspeaker processes; one at a time keeps timings honest on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
