using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Operation.Valid;

namespace ZoneMap.Core.Geodata;

/// <summary>
/// Reads geodata/ (districts/*.geojson, gazetteer/*.json, structures*.json, sectors.json) and checks everything that
/// needs no database. Any problem throws <see cref="GeodataException"/> listing file, record and problem.
/// </summary>
public static class GeodataReader
{
    /// <summary>Bump when the way files turn into rows changes, so an unchanged geodata/ is still reloaded once.</summary>
    public const string LoaderVersion = "geodata-loader-1";

    public const string ProvincesFile = "provinces.geojson";

    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>
        { "park", "base", "zone", "new_area", "cluster", "port", "site", "district", "town", "corridor" };
    public static readonly IReadOnlySet<string> Precisions = new HashSet<string> { "site", "area", "district" };
    public static readonly IReadOnlySet<string> Datums = new HashSet<string> { "WGS-84", "GCJ-02", "BD-09" };
    public static readonly IReadOnlySet<string> Roles = new HashSet<string>
        { "pole", "belt", "axis", "ring", "core", "wing", "cluster", "city", "port", "zone", "point" };
    public static readonly IReadOnlySet<string> GeometryMethods = new HashSet<string> { "union", "corridor", "ring", "hull" };

    private static readonly Dictionary<string, string> RegionPrefixes = new() { ["shanghai"] = "sh-", ["chongqing"] = "cq-" };
    private const string DistrictMemberPrefix = "district:";

    public static readonly GeometryFactory Geometry = NtsGeometryServices.Instance.CreateGeometryFactory(4326);

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = false,
        ReadCommentHandling = JsonCommentHandling.Skip,
        Converters = { new GeoJsonConverterFactory(Geometry) },
    };

    /// <summary>The files the loader reads, relative to geodata/ with '/' separators, in a stable order.</summary>
    public static IReadOnlyList<string> InputFiles(string geodataDir)
    {
        IEnumerable<string> Glob(string sub, string pattern) =>
            Directory.Exists(Path.Combine(geodataDir, sub))
                ? Directory.EnumerateFiles(Path.Combine(geodataDir, sub), pattern).Select(f => Path.GetRelativePath(geodataDir, f).Replace('\\', '/'))
                : [];
        return Glob("districts", "*.geojson").Concat(Glob("gazetteer", "*.json")).Concat(Glob(".", "structures*.json"))
            .Concat(Glob(".", "sectors.json")).Select(f => f.StartsWith("./") ? f[2..] : f)
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>SHA-256 over the loader version and every input file (path and bytes): equal hash, equal load.</summary>
    public static string ContentHash(string geodataDir)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(LoaderVersion + "\0"));
        foreach (var file in InputFiles(geodataDir))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(file + "\0"));
            sha.AppendData(File.ReadAllBytes(Path.Combine(geodataDir, file)));
            sha.AppendData("\0"u8);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public static GeodataContent Read(string geodataDir)
    {
        if (!Directory.Exists(geodataDir))
            throw new GeodataException([new(geodataDir, "-", "the geodata folder does not exist")]);
        var problems = new List<GeodataProblem>();
        var warnings = new List<GeodataProblem>();
        var hash = ContentHash(geodataDir);
        var files = InputFiles(geodataDir);

        T? Parse<T>(string file) where T : class
        {
            try
            {
                var value = JsonSerializer.Deserialize<T>(File.ReadAllText(Path.Combine(geodataDir, file)), Json);
                if (value is null) problems.Add(new(file, "-", "the file is empty (JSON null)"));
                return value;
            }
            catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException)
            {
                problems.Add(new(file, "-", $"not valid JSON/GeoJSON for this file: {e.Message}"));
                return null;
            }
        }

        // Districts and provinces.
        var districtFiles = files.Where(f => f.StartsWith("districts/") && Path.GetFileName(f) != ProvincesFile).ToList();
        if (districtFiles.Count == 0) problems.Add(new("districts/", "-", "no districts/<region>.geojson file"));
        var districts = new List<DistrictBoundary>();
        foreach (var file in districtFiles)
        {
            var region = Path.GetFileNameWithoutExtension(file);
            var collection = Parse<BoundaryCollection>(file);
            if (collection is null) continue;
            if (collection.Features is null) { problems.Add(new(file, "-", "no \"features\" array")); continue; }
            for (var i = 0; i < collection.Features.Count; i++)
            {
                var p = collection.Features[i].Properties;
                var record = p?.Id ?? p?.NameZh ?? $"feature #{i + 1}";
                var ok = true;
                void Bad(string problem) { problems.Add(new(file, record, problem)); ok = false; }
                if (p is null) { Bad("the feature has no properties"); continue; }
                if (string.IsNullOrWhiteSpace(p.Id)) Bad("missing id (the adcode)");
                if (string.IsNullOrWhiteSpace(p.NameZh)) Bad("missing name_zh");
                if (string.IsNullOrWhiteSpace(p.NameEn)) Bad("missing name_en");
                if (p.Region != region) Bad($"region is '{p.Region}' but the file is districts/{region}.geojson");
                var geometry = CheckArea(collection.Features[i].Geometry, "geometry", Bad);
                if (ok)
                    districts.Add(new(file, p.Id!, p.NameZh!, p.NameEn!, region, CleanList(p.Aliases), geometry!, p.Source ?? file));
            }
        }
        Duplicates(districts, d => d.Id, d => d.File, "district id", problems);
        var districtNames = DistrictNames(districts, problems);

        var provinces = new List<ProvinceBoundary>();
        if (files.Contains("districts/" + ProvincesFile))
        {
            const string file = "districts/" + ProvincesFile;
            var collection = Parse<BoundaryCollection>(file);
            foreach (var (feature, i) in (collection?.Features ?? []).Select((f, i) => (f, i)))
            {
                var p = feature.Properties;
                var id = p?.Id ?? p?.Adcode ?? p?.Name ?? p?.NameZh;
                var record = id ?? $"feature #{i + 1}";
                var ok = true;
                void Bad(string problem) { problems.Add(new(file, record, problem)); ok = false; }
                if (string.IsNullOrWhiteSpace(id)) Bad("missing id (and name)");
                var geometry = CheckArea(feature.Geometry, "geometry", Bad, InChinasFullExtent);
                if (ok) provinces.Add(new(file, id!, p!.NameZh ?? p.Name ?? id!, geometry!, p.Source ?? file));
            }
            Duplicates(provinces, p => p.Id, p => p.File, "province id", problems);
        }

        // Sector taxonomy.
        var families = new List<SectorFamilyEntry>();
        var sectors = new List<SectorEntry>();
        if (!files.Contains("sectors.json")) problems.Add(new("sectors.json", "-", "the file is missing"));
        else if (Parse<SectorsFile>("sectors.json") is { } taxonomy)
        {
            const string file = "sectors.json";
            foreach (var (f, i) in (taxonomy.Families ?? []).Select((f, i) => (f, i)))
            {
                var record = f.Id ?? $"family #{i + 1}";
                if (string.IsNullOrWhiteSpace(f.Id)) problems.Add(new(file, record, "missing id"));
                else if (string.IsNullOrWhiteSpace(f.Zh) || string.IsNullOrWhiteSpace(f.En)) problems.Add(new(file, record, "missing zh or en"));
                else families.Add(new(f.Id, f.Zh, f.En));
            }
            Duplicates(families, f => f.Id, _ => file, "sector family id", problems);
            var familyIds = families.Select(f => f.Id).ToHashSet();
            foreach (var (s, i) in (taxonomy.Sectors ?? []).Select((s, i) => (s, i)))
            {
                var record = s.Id ?? $"sector #{i + 1}";
                if (string.IsNullOrWhiteSpace(s.Id)) problems.Add(new(file, record, "missing id"));
                else if (string.IsNullOrWhiteSpace(s.Zh) || string.IsNullOrWhiteSpace(s.En)) problems.Add(new(file, record, "missing zh or en"));
                else if (s.Family is null || !familyIds.Contains(s.Family)) problems.Add(new(file, record, $"unknown sector family '{s.Family}'"));
                else if (s.Synonyms?.Any(string.IsNullOrWhiteSpace) == true) problems.Add(new(file, record, "an empty synonym"));
                else sectors.Add(new(s.Id, s.Family, s.Zh, s.En, CleanList(s.Synonyms)));
            }
            Duplicates(sectors, s => s.Id, _ => file, "sector id", problems);
            foreach (var shared in sectors.SelectMany(s => s.Synonyms.Select(n => (Name: n, s.Id))).GroupBy(x => x.Name).Where(g => g.Count() > 1))
                warnings.Add(new(file, string.Join(", ", shared.Select(x => x.Id)), $"synonym '{shared.Key}' belongs to {shared.Count()} sectors"));
        }

        // Gazetteer.
        var places = new List<PlaceEntry>();
        var gazetteerFiles = files.Where(f => f.StartsWith("gazetteer/")).ToList();
        if (gazetteerFiles.Count == 0) problems.Add(new("gazetteer/", "-", "no gazetteer/<region>.json file"));
        foreach (var file in gazetteerFiles)
        {
            var region = Path.GetFileNameWithoutExtension(file);
            var gazetteer = Parse<GazetteerFile>(file);
            if (gazetteer is null) continue;
            if (gazetteer.Region != region) problems.Add(new(file, "-", $"region is '{gazetteer.Region}' but the file is gazetteer/{region}.json"));
            if (!districtNames.ContainsKey(region)) problems.Add(new(file, "-", $"no districts/{region}.geojson for region '{region}'"));
            foreach (var (p, i) in (gazetteer.Places ?? []).Select((p, i) => (p, i)))
            {
                var record = p.Id ?? p.NameZh ?? $"place #{i + 1}";
                var ok = true;
                void Bad(string problem) { problems.Add(new(file, record, problem)); ok = false; }
                if (string.IsNullOrWhiteSpace(p.Id)) Bad("missing id");
                else if (!IsId(p.Id)) Bad("id must be lowercase ascii letters, digits and '-'");
                else if (RegionPrefixes.TryGetValue(region, out var prefix) && !p.Id.StartsWith(prefix)) Bad($"id must start with '{prefix}'");
                if (string.IsNullOrWhiteSpace(p.NameZh)) Bad("missing name_zh");
                if (string.IsNullOrWhiteSpace(p.NameZht)) Bad("missing name_zht");
                if (string.IsNullOrWhiteSpace(p.NameEn)) Bad("missing name_en");
                if (p.Aliases?.Any(a => string.IsNullOrWhiteSpace(a) || a.Contains('\n')) == true) Bad("an empty alias");
                if (p.Kind is null || !Kinds.Contains(p.Kind)) Bad($"kind '{p.Kind}' is not one of {string.Join(", ", Kinds)}");
                if (p.Precision is null || !Precisions.Contains(p.Precision)) Bad($"precision '{p.Precision}' is not one of site, area, district");
                if (string.IsNullOrWhiteSpace(p.Source?.Note)) Bad("missing source.note");
                if (p.Source?.Datum is null || !Datums.Contains(p.Source.Datum)) Bad($"source.datum '{p.Source?.Datum}' is not one of WGS-84, GCJ-02, BD-09");
                string? districtId = null;
                if (string.IsNullOrWhiteSpace(p.District)) Bad("missing district");
                else if (!districtNames.TryGetValue(region, out var names) || !names.TryGetValue(p.District, out districtId))
                    Bad($"unknown district '{p.District}' (not a name or former name in districts/{region}.geojson)");
                Point? location = null;
                if (p.Location is not { Length: 2 } xy || !double.IsFinite(xy[0]) || !double.IsFinite(xy[1])) Bad("location must be [lon, lat]");
                else if (!InChina(xy[0], xy[1])) Bad($"location [{xy[0]}, {xy[1]}] is outside China (lon 73–135, lat 18–54)");
                else location = Geometry.CreatePoint(new Coordinate(xy[0], xy[1]));
                Geometry? footprint = p.Footprint is not { ValueKind: not JsonValueKind.Null } ? null : CheckArea(p.Footprint, "footprint", Bad);
                // The point stands for the place, the footprint bounds it: a point outside it means one of the two is wrong.
                if (footprint is { IsValid: true } && location is not null && !footprint.Covers(location))
                    Bad($"location [{location.X}, {location.Y}] lies outside its footprint");
                if (ok)
                    places.Add(new(file, p.Id!, p.NameZh!, p.NameZht!, p.NameEn!, CleanList(p.Aliases), p.Kind!, region, districtId!,
                        p.District!, location!, footprint, p.Precision!, p.Source!.Note!, p.Source.Url, p.Source.Datum!, p.Source.Estimated));
            }
        }
        Duplicates(places, p => p.Id, p => p.File, "place id", problems);
        OneNameOnePlace(places.Select(p => (p.File, p.Id, (IEnumerable<string>)[p.NameZh, p.NameZht, .. p.Aliases])), "place", problems);

        // Structures.
        var structures = new List<StructureEntry>();
        var structureFiles = files.Where(f => f.StartsWith("structures")).ToList();
        if (structureFiles.Count == 0) problems.Add(new("structures.json", "-", "the file is missing"));
        var placeById = places.GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.First());
        foreach (var file in structureFiles)
        {
            var content = Parse<StructuresFile>(file);
            foreach (var (s, i) in (content?.Structures ?? []).Select((s, i) => (s, i)))
            {
                var record = s.Id ?? s.NameZh ?? $"structure #{i + 1}";
                var ok = true;
                void Bad(string problem) { problems.Add(new(file, record, problem)); ok = false; }
                if (string.IsNullOrWhiteSpace(s.Id)) Bad("missing id");
                else if (!IsId(s.Id)) Bad("id must be lowercase ascii letters, digits and '-'");
                if (string.IsNullOrWhiteSpace(s.NameZh)) Bad("missing name_zh");
                if (string.IsNullOrWhiteSpace(s.NameZht)) Bad("missing name_zht");
                if (string.IsNullOrWhiteSpace(s.NameEn)) Bad("missing name_en");
                if (s.Role is null || !Roles.Contains(s.Role)) Bad($"role '{s.Role}' is not one of {string.Join(", ", Roles)}");
                if (s.Region is null || !districtNames.ContainsKey(s.Region)) Bad($"unknown region '{s.Region}'");
                if (string.IsNullOrWhiteSpace(s.SourceQuote)) Bad("missing source_quote");
                if (s.GeometryMethod is null || !GeometryMethods.Contains(s.GeometryMethod))
                    Bad($"geometry_method '{s.GeometryMethod}' is not one of union, corridor, ring, hull");
                var members = new List<StructureMemberRef>();
                foreach (var m in s.Members ?? [])
                {
                    if (m.StartsWith(DistrictMemberPrefix))
                    {
                        var name = m[DistrictMemberPrefix.Length..];
                        if (s.Region is not null && districtNames.TryGetValue(s.Region, out var names) && names.TryGetValue(name, out var did))
                            members.Add(new(members.Count, null, did));
                        else Bad($"unknown member '{m}': no district of that name in {s.Region}");
                    }
                    else if (placeById.TryGetValue(m, out var place))
                    {
                        if (place.Region != s.Region) Bad($"member '{m}' is in {place.Region}, the structure in {s.Region}");
                        members.Add(new(members.Count, m, null));
                    }
                    else Bad($"unknown member '{m}' (no gazetteer place with that id)");
                }
                var needed = s.GeometryMethod switch { "ring" => 3, "corridor" => 2, _ => 1 };
                if (members.Count < needed) Bad($"geometry_method '{s.GeometryMethod}' needs at least {needed} member(s), found {members.Count}");
                if (members.Select(m => m.PlaceId ?? m.DistrictId).Distinct().Count() != members.Count) Bad("a member is listed twice");
                if (ok)
                    structures.Add(new(file, s.Id!, s.NameZh!, s.NameZht!, s.NameEn!, CleanList(s.Aliases), s.Role!, s.Region!, s.Parent,
                        s.GeometryMethod!, CleanList(s.Documents), s.SourceQuote!, members));
            }
        }
        Duplicates(structures, s => s.Id, s => s.File, "structure id", problems);
        var structureIds = structures.Select(s => s.Id).ToHashSet();
        foreach (var s in structures.Where(s => s.ParentId is not null))
        {
            if (!structureIds.Contains(s.ParentId!)) problems.Add(new(s.File, s.Id, $"unknown parent '{s.ParentId}'"));
            else if (ParentCycle(s, structures)) problems.Add(new(s.File, s.Id, "the parent chain loops back to this structure"));
        }
        OneNameOnePlace(structures.Select(s => (s.File, s.Id, (IEnumerable<string>)[s.NameZh, s.NameZht, .. s.Aliases])), "structure", problems);

        if (problems.Count > 0) throw new GeodataException(problems);
        return new GeodataContent(districts, provinces, families, sectors, places, structures, hash) { Warnings = warnings };
    }

    /// <summary>A Polygon or MultiPolygon inside China, valid by NTS's rules; returned as a MultiPolygon.</summary>
    private static MultiPolygon? CheckArea(JsonElement? json, string what, Action<string> bad, Func<double, double, bool>? inside = null)
    {
        inside ??= InChina;
        if (json is not { ValueKind: not JsonValueKind.Null }) { bad($"missing {what}"); return null; }
        Geometry? geometry;
        try { geometry = json.Value.Deserialize<Geometry>(Json); }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            bad($"{what} is not a GeoJSON geometry: {e.Message}");
            return null;
        }
        if (geometry is null) { bad($"missing {what}"); return null; }
        var multi = geometry switch
        {
            MultiPolygon m => m,
            Polygon p => Geometry.CreateMultiPolygon([p]),
            _ => null,
        };
        if (multi is null) { bad($"{what} is a {geometry.GeometryType}, expected Polygon or MultiPolygon"); return null; }
        if (multi.IsEmpty) { bad($"{what} is empty"); return null; }
        var outside = multi.Coordinates.FirstOrDefault(c => !inside(c.X, c.Y));
        if (outside is not null) { bad($"{what} has a coordinate outside China (lon 73–135, lat 18–54): [{outside.X}, {outside.Y}]"); return null; }
        var error = new IsValidOp(multi).ValidationError;
        if (error is not null) { bad($"invalid {what}: {error.Message} at [{error.Coordinate?.X}, {error.Coordinate?.Y}]"); return null; }
        multi.SRID = 4326;
        return multi;
    }

    /// <summary>The box every Shanghai/Chongqing coordinate must be in: catches swapped or mistyped coordinates.</summary>
    public static bool InChina(double lon, double lat) => lon is >= 73 and <= 135 && lat is >= 18 and <= 54;

    /// <summary>Province outlines reach a little further (Heilongjiang to 135.1°E, the South China Sea islands south).</summary>
    private static bool InChinasFullExtent(double lon, double lat) => lon is >= 73 and <= 135.5 && lat is >= 3 and <= 54;

    private static bool IsId(string id) => id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') && id[0] != '-';

    private static string[] CleanList(List<string>? values) => values?.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct().ToArray() ?? [];

    private static void Duplicates<T>(IEnumerable<T> items, Func<T, string> id, Func<T, string> file, string what, List<GeodataProblem> problems)
    {
        foreach (var group in items.GroupBy(id).Where(g => g.Count() > 1))
            problems.Add(new(string.Join(", ", group.Select(file).Distinct()), group.Key, $"duplicate {what} ({group.Count()} records)"));
    }

    /// <summary>Per region: every district name and former name → adcode; a name used by two districts is a problem.</summary>
    private static Dictionary<string, Dictionary<string, string>> DistrictNames(List<DistrictBoundary> districts, List<GeodataProblem> problems)
    {
        var result = new Dictionary<string, Dictionary<string, string>>();
        foreach (var d in districts)
        {
            var names = result.TryGetValue(d.Region, out var n) ? n : result[d.Region] = new();
            foreach (var name in d.Aliases.Prepend(d.NameZh).Distinct())
                if (names.TryGetValue(name, out var other) && other != d.Id)
                    problems.Add(new(d.File, d.Id, $"name '{name}' is also used by district {other}"));
                else names[name] = d.Id;
        }
        return result;
    }

    /// <summary>Each distinct name folded Traditional → Simplified, as the plan matcher folds texts.</summary>
    public static IReadOnlyDictionary<string, string> ToSimplified(IEnumerable<string> names) =>
        names.Where(n => n.Length > 0).Distinct().ToDictionary(n => n, Text.OpenCcConverter.TraditionalToSimplified.Convert);

    /// <summary>
    /// Every name and alias must lead to exactly one record, also once Traditional is folded to Simplified (the plans,
    /// Traditional or not, are matched in Simplified): a name shared by two records could not be geocoded.
    /// </summary>
    private static void OneNameOnePlace(IEnumerable<(string File, string Id, IEnumerable<string> Names)> records, string what, List<GeodataProblem> problems)
    {
        var list = records.Select(r => (r.File, r.Id, Names: r.Names.Where(n => !string.IsNullOrWhiteSpace(n)).ToList())).ToList();
        var simplified = ToSimplified(list.SelectMany(r => r.Names));
        var owners = new Dictionary<string, List<(string File, string Id)>>();
        foreach (var r in list)
            foreach (var key in r.Names.Concat(r.Names.Select(n => simplified.GetValueOrDefault(n, n))).Distinct())
            {
                if (!owners.TryGetValue(key, out var ids)) owners[key] = ids = [];
                if (!ids.Any(o => o.Id == r.Id)) ids.Add((r.File, r.Id));
            }
        foreach (var (name, ids) in owners.Where(o => o.Value.Count > 1))
            problems.Add(new(string.Join(", ", ids.Select(i => i.File).Distinct()), string.Join(", ", ids.Select(i => i.Id)),
                $"duplicate alias: the name '{name}' belongs to {ids.Count} {what}s"));
    }

    private static bool ParentCycle(StructureEntry start, List<StructureEntry> all)
    {
        var byId = all.GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.First());
        var seen = new HashSet<string> { start.Id };
        for (var p = start.ParentId; p is not null && byId.TryGetValue(p, out var parent); p = parent.ParentId)
            if (!seen.Add(p)) return true;
        return false;
    }
}
