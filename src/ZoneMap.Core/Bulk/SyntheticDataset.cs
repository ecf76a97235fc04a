using System.Globalization;
using System.Text.Json;

namespace ZoneMap.Core.Bulk;

/// <summary>A city centre features cluster around (bench/cities.csv: GeoNames, with the province from ZoneMap's boundaries).</summary>
public sealed record CityCentre(string Name, double Latitude, double Longitude, string Province, long Population)
{
    /// <summary>Reads the CSV written for the benchmark: geonameid,name,latitude,longitude,province,population.</summary>
    public static IReadOnlyList<CityCentre> ReadCsv(string path) =>
        File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(p => new CityCentre(
            p[1], double.Parse(p[2], CultureInfo.InvariantCulture), double.Parse(p[3], CultureInfo.InvariantCulture), p[4],
            long.Parse(p[5], CultureInfo.InvariantCulture))).ToList();
}

/// <summary>
/// A deterministic synthetic national data set for benchmarks: enterprise points and small parcel/zone polygons
/// (200–2000 m squares and hexagons) clustered around real city centres, with sectors from the taxonomy, a five-year
/// plan period and the province as region. The same seed gives the same bytes; it streams, so memory stays flat.
/// </summary>
public sealed class SyntheticDataset(IReadOnlyList<CityCentre> cities, IReadOnlyList<string> sectorIds)
{
    public IReadOnlyList<CityCentre> Cities => cities;
    public IReadOnlyList<string> SectorIds => sectorIds;

    public static readonly (int Start, int End)[] PlanPeriods = [(2001, 2005), (2006, 2010), (2011, 2015), (2016, 2020), (2021, 2025)];
    private const double MetresPerDegree = 111_320;

    public async Task WriteGeoJsonAsync(Stream output, long features, int seed, CancellationToken ct = default)
    {
        var random = new Random(seed);
        // Bigger cities get more features, but not in proportion (sqrt), so small cities are not empty.
        var weights = new double[cities.Count];
        var total = 0.0;
        for (var i = 0; i < cities.Count; i++) weights[i] = total += Math.Sqrt(cities[i].Population);
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteStartArray("features");
        for (long n = 1; n <= features; n++)
        {
            var index = Array.BinarySearch(weights, random.NextDouble() * total);
            var city = cities[index < 0 ? Math.Min(~index, cities.Count - 1) : index];
            // Around the centre: normal, sigma about 15 km, a little wider east–west.
            var lat = Math.Clamp(city.Latitude + Gaussian(random) * 0.13, -89, 89);
            var lon = Math.Clamp(city.Longitude + Gaussian(random) * 0.13 / Math.Cos(lat * Math.PI / 180), -179, 179);
            var roll = random.NextDouble();
            var kind = roll < 0.6 ? "enterprise" : roll < 0.85 ? "parcel" : "zone";
            var sectorCount = 1 + random.Next(3);
            var sectors = new SortedSet<string>(StringComparer.Ordinal);
            while (sectors.Count < sectorCount) sectors.Add(sectorIds[random.Next(sectorIds.Count)]);
            var period = PlanPeriods[random.Next(PlanPeriods.Length)];

            json.WriteStartObject();
            json.WriteString("type", "Feature");
            json.WriteString("id", $"gen-{n}");
            json.WriteStartObject("properties");
            json.WriteString("name", $"{city.Name} {kind} {n}");
            json.WriteString("kind", kind);
            json.WriteString("region", city.Province);
            json.WriteString("sectors", string.Join(',', sectors));
            json.WriteString("period", $"{period.Start}-{period.End}");
            json.WriteString("city", city.Name);
            json.WriteEndObject();
            json.WriteStartObject("geometry");
            if (kind == "enterprise")
            {
                json.WriteString("type", "Point");
                json.WritePropertyName("coordinates");
                Position(json, lon, lat);
            }
            else
            {
                // Squares for parcels, hexagons for zones; 200–2000 m across, turned at random.
                var corners = kind == "parcel" ? 4 : 6;
                var radius = (100 + random.NextDouble() * 900) / MetresPerDegree;
                var turn = random.NextDouble() * Math.PI;
                json.WriteString("type", "Polygon");
                json.WriteStartArray("coordinates");
                json.WriteStartArray();
                for (var k = 0; k <= corners; k++)
                {
                    // Counter-clockwise exterior ring (RFC 7946), closed by repeating the first corner.
                    var angle = turn + 2 * Math.PI * (k % corners) / corners;
                    Position(json, lon + radius * Math.Cos(angle) / Math.Cos(lat * Math.PI / 180), lat + radius * Math.Sin(angle));
                }
                json.WriteEndArray();
                json.WriteEndArray();
            }
            json.WriteEndObject();
            json.WriteEndObject();
            if (json.BytesPending > 64 * 1024) await json.FlushAsync(ct);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(ct);
    }

    private static void Position(Utf8JsonWriter json, double lon, double lat)
    {
        json.WriteStartArray();
        json.WriteNumberValue(Math.Round(lon, 6));
        json.WriteNumberValue(Math.Round(lat, 6));
        json.WriteEndArray();
    }

    /// <summary>Box–Muller: a standard normal from two uniforms.</summary>
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
