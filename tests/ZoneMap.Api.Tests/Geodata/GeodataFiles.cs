using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using ZoneMap.Tests.Shared;

namespace ZoneMap.Api.Tests.Geodata;

/// <summary>Editable copies of the repository's geodata/, and fingerprints of what a load wrote.</summary>
public static class GeodataFiles
{
    /// <summary>A throwaway copy of the real geodata/ to break on purpose; deleted on dispose.</summary>
    public sealed class Copy : IDisposable
    {
        public string Dir { get; } = Path.Combine(Path.GetTempPath(), "zonemap-geodata-" + Guid.NewGuid().ToString("N"));

        public Copy()
        {
            var source = Repository.Geodata;
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
                         .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}tools{Path.DirectorySeparatorChar}")))
            {
                var target = Path.Combine(Dir, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }

        public void Edit(string relativePath, Action<JsonNode> change)
        {
            var path = Path.Combine(Dir, relativePath);
            var node = JsonNode.Parse(File.ReadAllText(path))!;
            change(node);
            File.WriteAllText(path, node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }

        public void Dispose() => Directory.Delete(Dir, recursive: true);
    }

    /// <summary>Row count and md5 of every geodata table's full content: equal fingerprints, equal data.</summary>
    public static async Task<Dictionary<string, string>> FingerprintAsync(NpgsqlDataSource db)
    {
        var result = new Dictionary<string, string>();
        foreach (var table in new[] { "districts", "provinces", "sector_families", "sectors", "places", "structures", "structure_members", "geodata_loads", "mentions" })
        {
            await using var cmd = db.CreateCommand($"SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table} t");
            result[table] = (string)(await cmd.ExecuteScalarAsync())!;
        }
        return result;
    }
}
