namespace SecureAiChat.Core.PersonalData;

/// <summary>
/// A compact dictionary of common Japanese family and given names (kanji). It covers most people in a
/// typical customer list, not all: rare names, names in kana or romaji, and foreign names are missed unless
/// an honorific or a label such as 氏名 marks them. That is the honest limit of a dictionary heuristic.
/// </summary>
internal static class JapaneseNames
{
    public static readonly HashSet<string> FamilyNames = new(StringComparer.Ordinal)
    {
        "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "渡部", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木", "山口",
        "松本", "井上", "木村", "林", "斎藤", "斉藤", "清水", "山崎", "森", "池田", "橋本", "阿部", "石川", "山下", "中島",
        "石井", "小川", "前田", "岡田", "長谷川", "藤田", "後藤", "近藤", "村上", "遠藤", "青木", "坂本", "斉木", "福田", "太田",
        "西村", "藤井", "金子", "岡本", "藤原", "中野", "三浦", "原田", "中川", "松田", "竹内", "小野", "田村", "中山", "和田",
        "石田", "森田", "上田", "原", "柴田", "酒井", "工藤", "横山", "宮崎", "宮本", "内田", "高木", "安藤", "島田", "谷口",
        "大野", "高田", "丸山", "今井", "河野", "藤本", "村田", "武田", "上野", "杉山", "増田", "小山", "大塚", "平野", "菅原",
        "久保", "松井", "千葉", "岩崎", "桜井", "木下", "野口", "松尾", "菊地", "野村", "新井", "渡邉", "渡邊", "佐野", "大西",
        "杉本", "古川", "浜田", "市川", "小島", "水野", "小松", "島崎", "吉川", "山内", "西田", "菊池", "北村", "飯田", "服部",
        "五十嵐", "川口", "安田", "中田", "辻", "本田", "久保田", "東", "田口", "永井", "川崎", "関", "石原", "吉村", "大島",
        "荒木", "宮田", "土屋", "片山", "岩田", "望月", "大橋", "松下", "早川", "平田", "秋山", "小池", "堀", "矢野", "大久保",
        "星野", "吉岡", "中西", "藤川", "桑原", "熊谷", "北川", "川上", "松岡", "田辺", "内藤", "西川", "小澤", "小沢", "黒田",
        "安部", "尾崎", "上原", "浅野", "大石", "岡崎", "奥村", "須藤", "中尾", "松村", "山中", "堀内", "関口", "土井", "平井",
    };

    public static readonly HashSet<string> GivenNames = new(StringComparer.Ordinal)
    {
        "太郎", "次郎", "一郎", "健太", "翔太", "大輔", "拓也", "直樹", "隆", "誠", "健", "学", "剛", "浩", "博", "聡", "修",
        "和也", "達也", "哲也", "雄一", "健一", "浩二", "大樹", "翔", "蓮", "陽翔", "湊", "大翔", "悠真", "颯太", "陸", "樹",
        "悠人", "陽太", "優斗", "拓海", "亮", "淳", "勇気", "洋平", "雅人", "秀樹", "正人", "智也", "裕太", "翼", "航", "駿",
        "花子", "陽子", "裕子", "恵子", "京子", "洋子", "幸子", "直子", "美穂", "由美", "真由美", "久美子", "智子", "明美",
        "愛", "舞", "彩", "葵", "結衣", "陽菜", "さくら", "美咲", "芽依", "凛", "結菜", "莉子", "美月", "杏", "楓", "紬", "澪",
        "恵", "香織", "麻衣", "沙織", "優子", "千尋", "彩花", "七海", "遥", "美優", "真央", "菜々子", "奈々", "由紀", "亜希子",
        "綾", "瞳", "涼子", "加奈子", "理恵", "絵美", "早紀", "萌", "友美", "美香", "順子", "聖子", "典子", "和子", "節子",
    };

    /// <summary>Honorifics after a name. 様 and 殿 are also used after roles (お客様, 担当殿), so a name in front is required.</summary>
    public static readonly string[] Honorifics = ["様", "さま", "さん", "氏", "殿", "くん", "君", "ちゃん", "先生"];

    public static readonly int LongestFamilyName = FamilyNames.Max(n => n.Length);

    public static readonly int LongestGivenName = GivenNames.Max(n => n.Length);
}
