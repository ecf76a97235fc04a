namespace ZoneMap.Core.Extraction;

/// <summary>
/// The role a place plays in a plan's spatial structure, read from the structure words around it
/// (极 pole, 带 belt, 轴 axis, 核 core, 环 ring, 翼 wing, 集聚区 cluster, 示范区 zone, 基地 base, 园区 park...).
/// </summary>
public static class Roles
{
    /// <summary>Longer words first where one contains another (核心集聚区 before 集聚区).</summary>
    private static readonly (string Word, string Role)[] Words =
    [
        ("核心集聚区", "core"), ("核心区域", "core"), ("核心区", "core"), ("双核", "core"), ("一核", "core"), ("主体", "core"), ("一体", "core"),
        ("增长极", "pole"), ("创新极", "pole"), ("发展极", "pole"), ("两极", "pole"),
        ("产业带", "belt"), ("发展带", "belt"), ("示范带", "belt"), ("集聚带", "belt"), ("服务带", "belt"), ("经济带", "belt"), ("制造带", "belt"),
        ("发展轴", "axis"), ("产业轴", "axis"),
        ("两翼", "wing"), ("一翼", "wing"),
        ("一环", "ring"), ("环形", "ring"),
        ("多点", "point"),
        ("集聚区", "cluster"), ("产业集群", "cluster"), ("集群", "cluster"),
        ("示范区", "zone"), ("试验区", "zone"), ("先行区", "zone"), ("功能区", "zone"), ("承载区", "zone"), ("发展区", "zone"), ("保税区", "zone"), ("特别管理区", "zone"),
        ("基地", "base"),
        ("园区", "park"), ("产业园", "park"), ("工业园", "park"),
        ("科学城", "city"), ("新城", "city"), ("小镇", "city"),
    ];

    /// <summary>The role named first in <paramref name="text"/>, if any.</summary>
    public static string? Find(ReadOnlySpan<char> text)
    {
        string? best = null;
        int bestAt = int.MaxValue, bestLength = 0;
        foreach (var (word, role) in Words)
        {
            var at = text.IndexOf(word, StringComparison.Ordinal);
            if (at < 0 || at > bestAt || (at == bestAt && word.Length <= bestLength)) continue;
            (best, bestAt, bestLength) = (role, at, word.Length);
        }
        return best;
    }
}
