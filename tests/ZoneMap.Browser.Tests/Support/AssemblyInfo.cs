// The sample and the real-data collections each start a server and a Chromium; on a small machine they run one after the other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
