using System.Text.Json;
using ZoneMap.Core.Geodata;
using ZoneMap.Tests.Shared;
using Xunit.Abstractions;

namespace ZoneMap.Core.Tests.Geodata;

/// <summary>
/// geodata/crosscheck.json against the gazetteer: each entry keeps, for one place, a second coordinate from a source
/// other than the record's own. The file must follow the gazetteer (a moved point is re-checked, not silently kept),
/// and no site- or area-level place may lie further from its independent point than the 5 km limit.
/// </summary>
public sealed class CrossCheckTests(ITestOutputHelper output)
{
    private const double LimitKm = 5;

    private sealed record Check(string Id, string Relation, double[] Primary, string PrimaryUrl, double[] Independent, string IndependentUrl, string IndependentNote);

    private static readonly Lazy<GeodataContent> Content = new(() => GeodataReader.Read(Repository.Geodata));

    private static List<Check> Checks()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Geodata, "crosscheck.json")));
        static double[] Location(JsonElement e) => e.GetProperty("location").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        return json.RootElement.GetProperty("checks").EnumerateArray().Select(c => new Check(
            c.GetProperty("id").GetString()!, c.GetProperty("relation").GetString()!,
            Location(c.GetProperty("primary")), c.GetProperty("primary").GetProperty("url").GetString()!,
            Location(c.GetProperty("independent")), c.GetProperty("independent").GetProperty("url").GetString()!,
            c.GetProperty("independent").GetProperty("note").GetString()!)).ToList();
    }

    /// <summary>Great-circle distance on the mean Earth radius: ample for a 5 km limit (the ellipsoid changes it by &lt; 0.5 %).</summary>
    private static double Kilometres(double[] a, double[] b)
    {
        static double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(b[1] - a[1]);
        var dLon = Rad(b[0] - a[0]);
        var h = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Rad(a[1])) * Math.Cos(Rad(b[1])) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * 6371.0088 * Math.Asin(Math.Sqrt(h));
    }

    [Fact]
    public void Every_check_is_of_a_place_at_its_current_point_against_another_source()
    {
        var places = Content.Value.Places.ToDictionary(p => p.Id);
        var checks = Checks();
        Assert.NotEmpty(checks);
        Assert.Equal(checks.Count, checks.Select(c => c.Id).Distinct().Count());
        foreach (var c in checks)
        {
            Assert.True(places.TryGetValue(c.Id, out var place), $"{c.Id}: no such gazetteer place");
            var current = new[] { place!.Location.X, place.Location.Y };
            Assert.True(Kilometres(current, c.Primary) < 0.001,
                $"{c.Id}: the record's point moved to {current[0]}, {current[1]}; re-check it (crosscheck.json has {c.Primary[0]}, {c.Primary[1]})");
            Assert.NotEqual(c.PrimaryUrl, c.IndependentUrl);
            Assert.False(string.IsNullOrWhiteSpace(c.IndependentNote), $"{c.Id}: the independent point says nothing of its source");
            Assert.InRange(c.Independent[0], 73, 135);
            Assert.InRange(c.Independent[1], 18, 54);
        }
    }

    [Fact]
    public void No_site_or_area_place_is_further_than_5_km_from_its_independent_point()
    {
        var places = Content.Value.Places.ToDictionary(p => p.Id);
        var measured = Checks().Where(c => places[c.Id].Precision is "site" or "area")
            .Select(c => (c.Id, c.Relation, Km: Kilometres([places[c.Id].Location.X, places[c.Id].Location.Y], c.Independent)))
            .OrderBy(m => m.Km).ToList();
        Assert.NotEmpty(measured);
        foreach (var m in measured) output.WriteLine($"{m.Km,6:F2} km  {m.Id}  ({m.Relation})");
        var median = measured.Count % 2 == 1 ? measured[measured.Count / 2].Km : (measured[measured.Count / 2 - 1].Km + measured[measured.Count / 2].Km) / 2;
        output.WriteLine($"{measured.Count} places, median {median:F2} km, max {measured[^1].Km:F2} km");
        Assert.All(measured, m => Assert.True(m.Km <= LimitKm, $"{m.Id} is {m.Km:F2} km from its independent point ({m.Relation})"));
    }
}
