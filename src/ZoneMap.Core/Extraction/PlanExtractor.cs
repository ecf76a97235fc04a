using ZoneMap.Core.Gazetteer;
using ZoneMap.Core.Sectors;
using ZoneMap.Core.Text;

namespace ZoneMap.Core.Extraction;

/// <summary>One place named in a plan in an industrial context, with the sentence it came from (offsets into the original text).</summary>
public sealed record ExtractedMention(
    string PlaceId, string NameAsWritten, int Line, int NameStart, int NameEnd,
    int QuoteStart, int QuoteEnd, string Quote, string? Role, int PeriodStart, int PeriodEnd, IReadOnlyList<string> Sectors,
    string? StructureId = null);

/// <summary>A place-like name (…园区, …基地, …开发区, …新区, …产业园, …谷, …港) the gazetteer does not know.</summary>
public sealed record UnknownName(string Name, int Line, int Count);

public sealed record ExtractionResult(IReadOnlyList<ExtractedMention> Mentions, IReadOnlyList<UnknownName> UnknownNames);

/// <summary>
/// From normalised plan text to facts. Per sentence: places found by longest match, neighbours joined only by
/// 、/和/及 form a list; each sector word goes to the nearest list or place before it in the sentence; a list
/// without sectors takes those of the following sentence when that sentence names none itself, else the topic of
/// its paragraph (lead clause such as “集成电路产业。” or “（2）民用航空专项，”) or section heading.
/// Roles come from a structure of geodata/structures.json named in the sentence, the paragraph's lead or the heading
/// when the place is one of its members (the mention is then tied to that structure); otherwise from structure words
/// after the place in its clause, a paragraph's label (“双核”：) or its heading.
/// </summary>
public sealed class PlanExtractor(Gazetteer.Gazetteer gazetteer, SectorTaxonomy taxonomy, StructureIndex? structureIndex = null)
{
    private const string ListJoiners = "、,，和与及或/()（） ";
    private const int RoleWindow = 20;
    /// <summary>How far (characters) an industry word may stand from a place for the mention to count as industry-tied.</summary>
    private const int CueReach = 30;
    /// <summary>A later clause that opens with one of these has moved on to another subject (争取国家…, 成立…联盟, 两带为…).</summary>
    private static readonly string[] SubjectChangingOpeners =
    [
        "争取", "成立", "同时", "此外", "另外", "其中", "并且", "但", "而", "两带", "两极", "一带", "一港", "两城", "一环", "多点", "双核", "一核",
    ];

    private static readonly string[] DevelopmentVerbs = ["聚焦发展", "重点发展", "大力发展", "主要发展", "发展", "围绕", "聚焦", "培育", "引导发展"];
    private static readonly string[] IndustryCues =
        ["产业", "工业", "制造", "基地", "园区", "生态园", "集聚", "集群", "项目", "开发区", "示范", "企业", "经济", "转型升级", "调整"];

    public ExtractionResult Extract(NormalisedText nt, string region, int periodStart, int periodEnd)
    {
        var text = nt.Text;
        // A place inside a document title (《张江国家自主创新示范区…办法》) names the document, not a zone.
        var titles = TitleSpans(text);
        var places = gazetteer.Names(region).FindAll(text).Where(p => !titles.Any(t => t.Start < p.Start && p.End <= t.End)).ToList();
        var sectors = taxonomy.Names.FindAll(text);
        ResolveEllipsis(text, sectors);
        var lines = new LineIndex(nt.Original);
        var structures = (structureIndex ?? StructureIndex.Empty).Names(region).FindAll(text);
        List<StructureRecord> headingStructures = [], leadStructures = [];
        var mentions = new List<ExtractedMention>();

        Topic headingTopic = Topic.None, paragraphTopic = Topic.None;
        var paragraphGroups = new List<Group>();
        var waitingForSectors = new List<Group>();
        var paragraph = -1;

        foreach (var sentence in Segmenter.Sentences(text))
        {
            if (sentence.Paragraph != paragraph) { Emit(paragraphGroups); waitingForSectors.Clear(); paragraph = sentence.Paragraph; }
            var sentencePlaces = places.Where(p => p.Start >= sentence.Start && p.End <= sentence.End).ToList();
            var sentenceSectors = sectors.Where(s => s.Start >= sentence.Start && s.Start < sentence.End).ToList();

            var sentenceStructures = structures.Where(x => x.Start >= sentence.Start && x.End <= sentence.End).Select(x => x.Value).ToList();
            if (sentence.IsHeading)
            {
                headingTopic = TopicOf(text, sentence.Start, sentence.End, sentenceSectors);
                paragraphTopic = Topic.None;
                headingStructures = sentenceStructures;
                leadStructures = [];
            }
            else if (sentence.OpensParagraph)
            {
                paragraphTopic = LeadTopic(text, sentence, sentenceSectors);
                leadStructures = sentenceStructures;
            }

            if (sentencePlaces.Count == 0)
            {
                // "A、B等区县…。聚焦发展X、Y…": a sentence that only develops sectors completes the places just named without any.
                if (sentenceSectors.Count > 0 && waitingForSectors.Count > 0 && OpensWithDevelopmentVerb(text, sentence))
                    foreach (var g in waitingForSectors) g.Sectors.AddRange(sentenceSectors.Select(s => s.Value));
                if (sentenceSectors.Count > 0) waitingForSectors.Clear();
                continue;
            }

            var groups = GroupPlaces(text, sentencePlaces);
            foreach (var s in sentenceSectors)
            {
                var owner = groups.LastOrDefault(g => g.Start <= s.Start);
                if (owner is null) continue;
                // A sector word inside a name (汽车城, 宝山钢铁, 天地软件园) belongs to that place, not to its list.
                var inside = owner.Members.FirstOrDefault(m => m.Start <= s.Start && s.End <= m.End);
                if (inside.Form is not null) { owner.OwnSectors(inside).Add(s.Value); continue; }
                if (ReachesSector(text, owner.End, s.Start)) owner.Sectors.Add(s.Value);
            }
            // "新能源汽车示范，支持嘉定国际示范区建设", "…金融科技空间布局(两城指陆家嘴金融城…": sector words that open the
            // sentence before its first place, not themselves part of another list, are that place's.
            var firstGroup = groups[0];
            if (firstGroup.Sectors.Count == 0)
            {
                var leading = sentenceSectors.Where(s => s.End <= firstGroup.Start).ToList();
                if (leading.Count > 0 && text.AsSpan(leading[^1].End, firstGroup.Start - leading[^1].End).IndexOfAny("、；;。") < 0)
                    firstGroup.Sectors.AddRange(leading.Select(s => s.Value));
            }
            // A parenthesis explains what precedes it: "金融科技空间布局(两城指…,一带指杨浦滨江、北外滩…,一港指临港新片区)" puts
            // every place inside under the sector word that opens it, across the parenthesis' own commas.
            foreach (var (open, close) in Segmenter.Parentheses(text, sentence.Start, sentence.End))
            {
                var opening = sentenceSectors.Where(s => s.End <= open && text.AsSpan(s.End, open - s.End).IndexOfAny("、，,；;。") < 0).ToList();
                if (opening.Count == 0) continue;
                foreach (var g in groups.Where(g => g.Start > open && g.End <= close && g.Sectors.Count == 0))
                    g.Sectors.AddRange(opening.Select(s => s.Value));
            }
            for (var i = 0; i < groups.Count - 1; i++)
                if (groups[i].Sectors.Count == 0 && text.AsSpan(groups[i].End, groups[i + 1].Start - groups[i].End).IndexOfAny("，,；;") < 0)
                    groups[i].Inherited.AddRange(groups[i + 1].Sectors);
            // The same place named twice in one sentence ("建设临港新片区,充分利用临港新片区…优势,重点发展…") is one subject.
            foreach (var samePlace in groups.SelectMany(g => g.Members.Select(m => (m.Value.PlaceId, g))).GroupBy(x => x.PlaceId).Where(x => x.Count() > 1))
            {
                var union = samePlace.SelectMany(x => x.g.Sectors.Concat(x.g.Inherited)).Distinct().ToList();
                foreach (var (_, g) in samePlace) foreach (var id in union) if (!g.Sectors.Contains(id)) g.Sectors.Add(id);
            }

            var period = Periods.ForSentence(text[sentence.Start..sentence.End], periodStart, periodEnd);
            for (var i = 0; i < groups.Count; i++)
            {
                var g = groups[i];
                var nearFrom = Math.Max(sentence.Start, g.Start - CueReach);
                var near = text[nearFrom..Math.Min(sentence.End, g.End + CueReach)];
                var sentenceIsIndustrial = IndustryCues.Any(c => near.Contains(c, StringComparison.Ordinal));
                var windowEnd = Math.Min(Segmenter.ClauseEnd(text, g.End, sentence.End), i + 1 < groups.Count ? groups[i + 1].Start : sentence.End);
                var clauseRole = Roles.Find(text.AsSpan(g.End, Math.Min(RoleWindow, windowEnd - g.End)));
                g.LabelRole = paragraphTopic.Role;
                g.Role = clauseRole ?? StructuralOnly(headingTopic.Role);
                g.Context = (sentence, period, sentenceIsIndustrial, paragraphTopic.Sectors.Count > 0 ? paragraphTopic.Sectors : headingTopic.Sectors);
                g.Structures = [sentenceStructures, leadStructures, headingStructures];
            }
            paragraphGroups.AddRange(groups);
            if (groups.All(g => g.Sectors.Count == 0 && g.Inherited.Count == 0)) waitingForSectors.AddRange(groups);
            else waitingForSectors.Clear();
        }
        Emit(paragraphGroups);

        return new ExtractionResult(mentions, UnknownNames.Find(nt, places, taxonomy, lines));

        void Emit(List<Group> groups)
        {
            foreach (var g in groups)
            {
                var (sentence, period, industrial, topicSectors) = g.Context;
                var shared = g.Sectors.Distinct().ToList();
                var (quoteStart, quoteEnd) = TrimmedOriginal(nt, sentence.Start, sentence.End);
                foreach (var member in g.Members)
                {
                    // Sectors a name carries (中船长兴造船基地) add to the topic's rather than replacing it.
                    var own = g.OwnSectors(member);
                    var memberShared = own.Count > 0 || shared.Count > 0 ? shared : g.Inherited;
                    var sectorIds = (memberShared.Count > 0 ? memberShared : topicSectors).Concat(own).Distinct().ToList();
                    if (sectorIds.Count == 0 && g.Role is null && g.LabelRole is null && !industrial) continue;
                    var (nameStart, nameEnd) = nt.OriginalRange(member.Start, member.End);
                    var structure = g.Structures.Select(level => level.Where(x => x.MemberPlaceIds.Contains(member.Value.PlaceId))
                        .OrderBy(x => x.MemberPlaceIds.Count).FirstOrDefault()).FirstOrDefault(x => x is not null);
                    mentions.Add(new ExtractedMention(member.Value.PlaceId, nt.Original[nameStart..nameEnd], lines.LineOf(nameStart),
                        nameStart, nameEnd, quoteStart, quoteEnd, nt.Original[quoteStart..quoteEnd], structure?.Role ?? RoleOf(member, g),
                        period.Start, period.End, sectorIds, structure?.Id));
                }
            }
            groups.Clear();
        }

        // A name that carries its own structure word (张江生物医药创新引领核心区, 嘉定集成电路新兴产业带) says its role itself.
        string? RoleOf(NameHit<PlaceRef> member, Group g) =>
            g.LabelRole ?? Roles.Find(text.AsSpan(member.Start, member.End - member.Start)) ?? g.Role;
    }

    /// <summary>
    /// Coordination with a shared head: in 新能源和智能网联汽车 the first word means 新能源汽车. When a sector word is joined
    /// by 和/与/及/、 to one ending in a head noun, and the first word plus that head is itself a sector word, it is read so.
    /// </summary>
    private void ResolveEllipsis(string text, List<NameHit<string>> sectors)
    {
        for (var i = 0; i + 1 < sectors.Count; i++)
        {
            var (a, b) = (sectors[i], sectors[i + 1]);
            if (b.Start - a.End != 1 || "和与及、".IndexOf(text[a.End]) < 0 || b.Form.Length < 3) continue;
            for (var head = 2; head >= 1; head--)
            {
                var whole = a.Form + b.Form[^head..];
                var found = taxonomy.Names.FindAll(whole);
                if (found.Count == 1 && found[0].Form == whole) { sectors[i] = a with { Value = found[0].Value }; break; }
            }
        }
    }

    /// <summary>Only a spatial structure word reaches across a whole section; a heading's 基地/园区 describes the section, not each place in it.</summary>
    private static string? StructuralOnly(string? role) => role is "core" or "pole" or "belt" or "axis" or "wing" or "ring" or "point" or "cluster" ? role : null;

    /// <summary>Does a sector word at <paramref name="sectorStart"/> still speak of the place ending at <paramref name="placeEnd"/>?</summary>
    private static bool ReachesSector(string text, int placeEnd, int sectorStart)
    {
        var at = placeEnd;
        while (true)
        {
            var comma = text.AsSpan(at, sectorStart - at).IndexOfAny("，,");
            if (comma < 0) return true;
            at += comma + 1;
            var clause = text.AsSpan(at, sectorStart - at);
            foreach (var opener in SubjectChangingOpeners) if (clause.StartsWith(opener, StringComparison.Ordinal)) return false;
        }
    }

    private static bool OpensWithDevelopmentVerb(string text, Sentence sentence)
    {
        var head = text.AsSpan(sentence.Start, Math.Min(8, sentence.End - sentence.Start));
        foreach (var verb in DevelopmentVerbs) if (head.StartsWith(verb, StringComparison.Ordinal)) return true;
        return false;
    }

    private static List<(int Start, int End)> TitleSpans(string text)
    {
        var spans = new List<(int, int)>();
        for (var open = text.IndexOf('《'); open >= 0; open = text.IndexOf('《', open + 1))
        {
            var close = text.IndexOf('》', open + 1);
            if (close < 0) break;
            if (close - open < 80) spans.Add((open, close));
        }
        return spans;
    }

    private static (int Start, int End) TrimmedOriginal(NormalisedText nt, int start, int end)
    {
        var (s, e) = nt.OriginalRange(start, end);
        while (s < e && char.IsWhiteSpace(nt.Original[s])) s++;
        while (e > s && char.IsWhiteSpace(nt.Original[e - 1])) e--;
        return (s, e);
    }

    private static List<Group> GroupPlaces(string text, List<NameHit<PlaceRef>> hits)
    {
        var groups = new List<Group>();
        for (var h = 0; h < hits.Count; h++)
        {
            var hit = hits[h];
            // 崇明“智慧岛数据产业园”, 徐汇漕河泾: a district right before a place only says where that place is.
            if (hit.Value.Kind == "district" && h + 1 < hits.Count && hits[h + 1].Value.Kind != "district"
                && text.AsSpan(hit.End, hits[h + 1].Start - hit.End).Trim("“”\"《「『 ").IsEmpty) continue;
            var last = groups.Count > 0 ? groups[^1] : null;
            if (last is not null && IsListJoin(text.AsSpan(last.End, hit.Start - last.End))) last.Members.Add(hit);
            else groups.Add(new Group { Members = [hit] });
        }
        return groups;
    }

    private static bool IsListJoin(ReadOnlySpan<char> between)
    {
        if (between.Length > 3) return between.SequenceEqual("以及");
        foreach (var c in between) if (!ListJoiners.Contains(c)) return false;
        return true;
    }

    /// <summary>A heading's sectors and structure word apply to its section until the next heading.</summary>
    private static Topic TopicOf(string text, int start, int end, List<NameHit<string>> sectors) =>
        new(sectors.Select(s => s.Value).Distinct().ToList(), Roles.Find(text.AsSpan(start, end - start)));

    /// <summary>
    /// A paragraph's lead sets its topic when it is a label: a numbered item's first clause (“（2）民用航空专项，”),
    /// a short first sentence (“集成电路产业。”, “沿江临海先进制造业集聚发展带。”) or a quoted structure (“双核”：).
    /// </summary>
    private static Topic LeadTopic(string text, Sentence sentence, List<NameHit<string>> sectors)
    {
        var clauseEnd = sentence.Start;
        while (clauseEnd < sentence.End && "，,：:；;。".IndexOf(text[clauseEnd]) < 0) clauseEnd++;
        var lead = text.AsSpan(sentence.Start, clauseEnd - sentence.Start);
        var terminator = clauseEnd < sentence.End ? text[clauseEnd] : '\0';
        var numbered = Segmenter.StartsHeading(lead);
        var label = lead.Length <= 16 && terminator is '。' or '：' or ':';
        if (!numbered && !label) return Topic.None;
        var leadSectors = sectors.Where(s => s.End <= clauseEnd).Select(s => s.Value).Distinct().ToList();
        return new Topic(leadSectors, StructuralOnly(Roles.Find(lead)));
    }

    private sealed record Topic(IReadOnlyList<string> Sectors, string? Role)
    {
        public static readonly Topic None = new([], null);
    }

    private sealed class Group
    {
        public required List<NameHit<PlaceRef>> Members { get; init; }
        public List<string> Sectors { get; } = [];
        /// <summary>Sectors of the next list in the same clause ("闵行区全力打造“大紫竹”…，推进新能源"), for members that name none themselves.</summary>
        public List<string> Inherited { get; } = [];
        public string? Role { get; set; }
        public string? LabelRole { get; set; }
        /// <summary>Structures named in the sentence, the paragraph's lead and the section heading, nearest first.</summary>
        public List<StructureRecord>[] Structures { get; set; } = [];
        public (Sentence Sentence, (int Start, int End) Period, bool Industrial, IReadOnlyList<string> TopicSectors) Context { get; set; }
        private readonly Dictionary<int, List<string>> ownSectors = [];
        public List<string> OwnSectors(NameHit<PlaceRef> member) =>
            ownSectors.TryGetValue(member.Start, out var list) ? list : ownSectors[member.Start] = [];
        public int Start => Members[0].Start;
        public int End => Members[^1].End;
    }
}

/// <summary>1-based line numbers of positions in the original text.</summary>
public sealed class LineIndex
{
    private readonly List<int> starts = [0];

    public LineIndex(string text)
    {
        for (var i = 0; i < text.Length; i++) if (text[i] == '\n') starts.Add(i + 1);
    }

    public int LineOf(int position)
    {
        var i = starts.BinarySearch(position);
        return (i >= 0 ? i : ~i - 1) + 1;
    }
}
