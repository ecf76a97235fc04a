namespace ZoneMap.Api.Tests.Operations;

/// <summary>Suites that start PostgreSQL clusters of their own run one after another, never side by side.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OwnClusters
{
    public const string Name = "own-clusters";
}
