using System.Net;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using Npgsql;
using ZoneMap.Cli;
using ZoneMap.Cli.Cluster;
using ZoneMap.Data;
using ZoneMap.Data.Model;

namespace ZoneMap.Api.Tests.Operations;

/// <summary>
/// `cluster up` for real: primary + streaming replica on loopback, two ZoneMap instances behind nginx.
/// Slow (a minute or so), so it lives in one test.
/// </summary>
[Collection(OwnClusters.Name)]
public sealed class ReplicationTests : IAsyncLifetime
{
    private readonly ReplicatedSetup setup = new(ProjectPaths.Discover(), Path.Combine(Path.GetTempPath(), $"zonemap-cluster-{Guid.NewGuid():N}"));
    private ClusterEndpoints endpoints = null!;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task InitializeAsync() => endpoints = await setup.UpAsync(2, CancellationToken.None);

    public async Task DisposeAsync()
    {
        http.Dispose();
        await setup.DownAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Writes_on_the_primary_are_served_from_the_replica_which_can_fail_over_and_instances_agree()
    {
        // 1. Data written on the primary reaches readers through the replica.
        var marker = "replication-" + Guid.NewGuid().ToString("N")[..8];
        await InsertZoneOnPrimaryAsync(marker);
        var url = $"{endpoints.Balancer}/collections/zones/items?q={marker}&limit=10000";
        Assert.True(await EventuallyAsync(async () => (await http.GetStringAsync(url)).Contains(marker)), "the new zone never reached the replica's readers");

        await using (var replicaConn = new NpgsqlConnection(endpoints.ReadConnectionString))
        {
            await replicaConn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT pg_is_in_recovery()", replicaConn);
            Assert.True((bool)(await cmd.ExecuteScalarAsync())!, "reads should go to the standby while it is up");
        }

        // 2. Two instances give the same bytes and the same ETag for the same request.
        // Asked as the balancer asks them, with the public Host, so their links agree.
        var a = await ViaInstanceAsync(0, "/collections/zones/items?limit=50");
        var b = await ViaInstanceAsync(1, "/collections/zones/items?limit=50");
        Assert.Equal(await a.Content.ReadAsStringAsync(), await b.Content.ReadAsStringAsync());
        Assert.NotNull(a.Headers.ETag);
        Assert.Equal(a.Headers.ETag, b.Headers.ETag);

        // 3. Without the replica, reads fall back to the primary. A pooled connection to the stopped replica fails on
        // its first use; the server then drops the dead pool and runs the query again, so no request is lost.
        await setup.StopReplicaAsync(CancellationToken.None);
        var failures = 0;
        for (var i = 0; i < 40; i++)
        {
            var response = await http.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.OK) failures++;
            else Assert.Contains(marker, await response.Content.ReadAsStringAsync());
        }
        Assert.True(failures == 0, $"{failures} of 40 requests failed after the replica stopped");
    }

    private Task<HttpResponseMessage> ViaInstanceAsync(int instance, string pathAndQuery)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{endpoints.InstancePorts[instance]}{pathAndQuery}");
        request.Headers.Host = new Uri(endpoints.Balancer).Authority;
        return http.SendAsync(request);
    }

    private async Task InsertZoneOnPrimaryAsync(string marker)
    {
        var geo = NtsGeometryServices.Instance.CreateGeometryFactory(4326);
        var primary = new NpgsqlConnectionStringBuilder(endpoints.ReadConnectionString)
        {
            Host = "127.0.0.1", Port = new Uri(endpoints.Primary.Replace("postgresql", "http")).Port,
            Username = Provisioning.OwnerRole, TargetSessionAttributes = null,
        }.ConnectionString;
        await using var db = new ZoneMapDbContext(ZoneMapDb.Options(primary));
        var text = $"{marker}重点发展集成电路。";
        db.Districts.Add(new District
        {
            Id = marker, NameZh = marker, NameEn = marker, Region = "test", Source = "replication test",
            Geometry = geo.CreateMultiPolygon([(Polygon)geo.CreatePoint(new Coordinate(121.5, 31.2)).Buffer(0.01)]),
            Centroid = geo.CreatePoint(new Coordinate(121.5, 31.2)),
        });
        db.Places.Add(new Place
        {
            Id = marker, NameZh = marker, NameZht = marker, NameEn = marker, Kind = "park", Region = "shanghai", DistrictId = marker,
            Location = geo.CreatePoint(new Coordinate(121.5, 31.2)), Precision = "area", SourceNote = "replication test", SourceDatum = "WGS-84",
        });
        db.Documents.Add(new Document
        {
            Id = marker, FileName = marker, TitleZh = marker, TitleEn = marker, IssuingBody = "test", Region = "shanghai",
            PeriodStart = 2021, PeriodEnd = 2025, Script = "simplified", Sha256 = "-", Encoding = "utf-8", Text = text,
        });
        await db.SaveChangesAsync();
        db.Mentions.Add(new Mention
        {
            DocumentId = marker, PlaceId = marker, NameAsWritten = marker, Line = 1, NameStart = 0, NameEnd = marker.Length,
            QuoteStart = 0, QuoteEnd = text.Length, Quote = text, PeriodStart = 2021, PeriodEnd = 2025,
            Facts = [new ZoneFact { PlaceId = marker, PeriodStart = 2021, PeriodEnd = 2025 }],
        });
        await db.SaveChangesAsync();
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 50; i++)
        {
            if (await condition()) return true;
            await Task.Delay(200);
        }
        return false;
    }
}
