using ZoneMap.Core.Features;

namespace ZoneMap.Core.Tests.Features;

public class RegionNamesTests
{
    [Fact]
    public void A_region_id_and_its_province_names_stand_for_each_other_and_others_pass_through()
    {
        Assert.Equal(["shanghai", "上海", "上海市"], RegionNames.WithOtherNames(["shanghai"]));
        Assert.Equal(["重庆市", "chongqing", "重庆", "广东"], RegionNames.WithOtherNames(["重庆市", "广东"]));
        Assert.True(RegionNames.IsKnown("上海", new HashSet<string> { "shanghai" }));
        Assert.False(RegionNames.IsKnown("atlantis", new HashSet<string> { "shanghai" }));
    }

    [Fact]
    public void Only_the_cities_chinese_names_are_city_names()
    {
        Assert.True(RegionNames.IsCityName("上海"));
        Assert.True(RegionNames.IsCityName("重庆市"));
        Assert.False(RegionNames.IsCityName("shanghai"));
        Assert.False(RegionNames.IsCityName("浦东"));
    }
}
