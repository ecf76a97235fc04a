using ZoneMap.Core.Gazetteer;
using ZoneMap.Core.Sectors;
using ZoneMap.Core.Text;

namespace ZoneMap.Core.Extraction;

/// <summary>
/// Place-like names the gazetteer lacks: a run of characters ending in a zone word (…园区, …基地, …开发区, …新区,
/// …产业园, …谷, …港), cut after the last function word or verb before it, and kept only when something specific
/// (not just 国家/产业/示范 or a sector word) remains. A hint list for the gazetteer's keepers, not facts.
/// </summary>
internal static class UnknownNames
{
    private static readonly string[] Suffixes = ["产业园区", "工业园区", "产业园", "工业园", "园区", "基地", "开发区", "新区", "工业区", "谷", "港"];
    private static readonly string[] Cuts =
    [
        "建设", "打造", "推进", "推动", "依托", "支持", "加快", "培育", "发展", "形成", "建成", "提升", "聚焦", "围绕", "引导", "优化",
        "创建", "争取", "重点", "设立", "落户", "入驻", "包括", "涵盖", "开展", "成为", "加强", "完善", "做好", "实施", "启动", "新建",
        "进入", "共建", "主要", "发挥", "突出", "拓展", "延伸", "集聚", "成立", "实现", "明确", "支撑", "促进", "提高", "鼓励",
        "探索", "研究", "制定", "利用", "结合", "更多", "全市", "专栏", "一批", "若干", "其中", "以及",
        "的", "和", "与", "及", "在", "以", "为", "将", "把", "对", "向", "等", "从", "于", "由", "或", "是",
    ];
    private static readonly string[] Generic =
    [
        "国家级", "国家", "市级", "区级", "重要", "特色", "专业化", "专业", "产业化", "产业", "示范", "生产", "研发", "制造", "配套", "综合性",
        "综合", "战略性", "新兴", "工业", "高新技术", "高技术", "创新", "全球", "国内", "最大", "我国", "全国", "一流", "相关", "功能",
        "生物", "信息", "现代", "先进", "高端", "世界", "亚洲", "重大", "大型", "品牌", "智慧", "绿色", "生态", "存量", "乡镇", "城市",
        "管理", "服务", "老", "智能", "总部", "国际", "技术", "经济", "开放", "结构", "转型", "升级", "优势", "载体", "发展", "试点", "骨干", "承载",
        "化", "型", "级", "性", "大", "新", "各", "该", "本", "这", "个", "批", "家", "所", "每", "和",
    ];
    private const int MaxPrefix = 14;

    public static List<UnknownName> Find(NormalisedText nt, List<NameHit<PlaceRef>> known, SectorTaxonomy taxonomy, LineIndex lines)
    {
        var text = nt.Text;
        var found = new Dictionary<string, (int Line, int Count)>(StringComparer.Ordinal);
        for (var i = 0; i < text.Length; i++)
        {
            var suffix = Suffixes.FirstOrDefault(s => string.CompareOrdinal(text, i, s, 0, s.Length) == 0);
            if (suffix is null) continue;
            var end = i + suffix.Length;
            if (suffix.Length == 1 && end < text.Length && IsCjk(text[end]) && "等和与及建为的".IndexOf(text[end]) < 0) continue;
            var start = i;
            while (start > 0 && i - start < MaxPrefix && (IsCjk(text[start - 1]) || char.IsAsciiLetterOrDigit(text[start - 1]))) start--;
            var prefix = text[start..i];
            var cut = Cuts.Select(c => (c, at: prefix.LastIndexOf(c, StringComparison.Ordinal))).Where(x => x.at >= 0)
                .Select(x => x.at + x.c.Length).DefaultIfEmpty(0).Max();
            if (cut == 0 && i - start >= MaxPrefix) { i = end - 1; continue; }   // no boundary found: the name would be cut mid-word
            start += cut;
            while (start < i && char.IsAsciiDigit(text[start])) start++;   // 专栏6绿色工业示范园区 → the column number is not part of a name
            i = end - 1;
            if (known.Any(k => k.Start < end && k.End >= end - suffix.Length + 1 && k.End >= start + 1 && k.End >= end)) continue;
            if (!IsSpecific(text[start..(end - suffix.Length)], taxonomy)) continue;
            var name = text[start..end];
            found[name] = found.TryGetValue(name, out var f) ? (f.Line, f.Count + 1) : (lines.LineOf(nt.ToOriginal(start)), 1);
        }
        return found.Select(f => new UnknownName(f.Key, f.Value.Line, f.Value.Count)).OrderBy(u => u.Line).ThenBy(u => u.Name, StringComparer.Ordinal).ToList();
    }

    private static bool IsSpecific(string prefix, SectorTaxonomy taxonomy)
    {
        var rest = prefix;
        foreach (var hit in taxonomy.Names.FindAll(prefix).OrderByDescending(h => h.Start)) rest = rest.Remove(hit.Start, hit.End - hit.Start);
        foreach (var g in Generic) rest = rest.Replace(g, "", StringComparison.Ordinal);
        return rest.Count(c => IsCjk(c) || char.IsAsciiLetter(c)) >= 2;
    }

    private static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fff';
}
