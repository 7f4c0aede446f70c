import Foundation
import Spreadsheet
import YanglaoCore
import YanglaoPlatform

/// A deterministic synthetic population of older residents in the demo territory, as rows of the
/// import template: the demo's elders and the benchmark's million. The same seed gives the same
/// rows; every ID number is valid (check character per GB 11643) and unique.
public struct SyntheticElders {
    struct Place {
        var village: String
        var villageName: String
        var town: String
        var townName: String
    }

    let places: [Place]
    /// The 敬老院 of each town (facility codes of the demo registry).
    let homes: [String: [String]]
    let today: LocalDate
    /// Whether 特困 persons are placed in their town's 敬老院 at random (the demo places its homes'
    /// residents itself, so that the registry agrees with what the homes reported, or nearly).
    var placesInHomes = true
    private var random: SplitMix64
    private var taken = Set<Int64>()
    private var index = 0

    /// The template's columns this generator fills, in this order.
    public static let header = [
        "姓名", "身份证号码", "联系电话", "居住地址", "居住区划代码", "人员类别", "紧急联系人（姓名、关系）", "紧急联系人电话", "未满 60 周岁登记理由",
        "供养方式", "集中供养机构", "入住日期", "有集中供养意愿", "意愿登记日期", "自理能力认定日期", "不能自主完成的项目", "死亡日期", "迁出本辖区日期",
    ]

    /// The villages of the demo territory and the demo registry's operating 敬老院.
    package init(seed: UInt64, today: LocalDate, territory: DemoTerritory) throws {
        let table = try CSV.read(territory.regionsFile)
        var names: [String: String] = [:]
        var places: [Place] = []
        for row in table.rows { names[row.cells[0]] = row.cells[1] }
        for row in table.rows where row.cells[2] == "村" {
            let town = row.cells[3]
            places.append(Place(village: row.cells[0], villageName: row.cells[1], town: town, townName: names[town] ?? ""))
        }
        var homes: [String: [String]] = [:]
        for home in territory.homes { homes[home.town, default: []].append(home.code) }
        self.places = places
        self.homes = homes
        self.today = today
        random = SplitMix64(seed: seed)
    }

    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
    static let given = Array("秀英兰芳玉珍桂凤华梅淑敏英杰明国建军平福德志海春荣贵文金宝成永庆生有才香莲翠云霞红琴丽娟")
    static let relations = ["子", "女", "儿媳", "侄", "孙"]

    /// The next person as the template's cells.
    public mutating func next() -> [String] { next(at: nil) }

    /// The next person, living at `place` (a random village of the territory when nil).
    mutating func next(at chosen: Place?) -> [String] {
        index += 1
        let place = chosen ?? places[random.below(places.count)]
        let age = random.chance(0.01) ? 55 + random.below(5) : 60 + Int(pow(random.unit(), 1.7) * 45)
        let id = residentID(addressCode: String(place.village.prefix(6)), age: age)
        let name = String(Self.surnames[random.below(Self.surnames.count)]) + String(Self.given[random.below(Self.given.count)])
            + (random.chance(0.6) ? String(Self.given[random.below(Self.given.count)]) : "")
        var categories: [ElderCategory] = []
        let hardship = random.chance(age >= 80 ? 0.06 : 0.03)
        if hardship { categories.append(.specialHardship) } else {
            if random.chance(0.05) { categories.append(.minimumLiving) } else if random.chance(0.02) { categories.append(.nearMinimumLiving) }
            if random.chance(0.04) { categories.append(.lowIncome) }
        }
        if random.chance(0.08) { categories.append(.livingAlone) } else if random.chance(0.2) { categories.append(.emptyNest) }
        if random.chance(0.005) { categories.append(.bereavedOfOnlyChild) }
        if random.chance(0.03) { categories.append(.severeDisability) }
        if random.chance(0.02) { categories.append(.familyPlanningSupport) }
        var support = hardship ? "分散供养" : (random.chance(0.9) ? "居家" : "")
        var home = "", admitted = "", willing = "", willingOn = "", checkedOn = "", unable: [String] = []
        if hardship {
            if random.chance(0.92) {
                checkedOn = day(daysAgo: 30 + random.below(700))
                let lost = random.chance(0.5) ? 0 : (random.chance(0.6) ? 1 + random.below(3) : 4 + random.below(3))
                unable = Array(SelfCareCheck.Item.allCases.map(\.rawValue).shuffled(using: &random).prefix(lost))
            }
            // Each town places a different share of those who cannot look after themselves.
            let townShare = 0.35 + Double(abs(place.town.hashValueStable) % 50) / 100
            if placesInHomes, let homes = homes[place.town], !homes.isEmpty, (!unable.isEmpty && random.chance(townShare)) || random.chance(0.08) {
                support = "集中供养"
                home = homes[random.below(homes.count)]
                admitted = day(daysAgo: 60 + random.below(1800))
                willing = "是"
            } else if random.chance(0.35) {
                willing = "是"
            } else if random.chance(0.7) {
                willing = "否"
            }
            if !willing.isEmpty { willingOn = day(daysAgo: 10 + random.below(400)) }
        }
        let phone = random.chance(0.85) ? ["139", "138", "158", "188", "151", "137"][random.below(6)] + String(format: "%08d", random.below(100_000_000)) : ""
        let address = random.chance(0.95) ? "\(place.townName)\(place.villageName)\(1 + random.below(20))组\(1 + random.below(60))号" : ""
        let contact = random.chance(0.6)
        let died = random.chance(0.015) ? day(daysAgo: 1 + random.below(700)) : ""
        let moved = died.isEmpty && random.chance(0.005) ? day(daysAgo: 1 + random.below(700)) : ""
        return [
            name, id, phone, address, place.village, categories.map(\.rawValue).joined(separator: "、"),
            contact ? String(Self.surnames[random.below(Self.surnames.count)]) + String(Self.given[random.below(Self.given.count)]) + "（\(Self.relations[random.below(5)])）" : "",
            contact ? "13" + String(format: "%09d", random.below(1_000_000_000)) : "",
            age < 60 ? "残疾人托养服务对象" : "",
            support, home, admitted, willing, willingOn, checkedOn, unable.joined(separator: "、"), died, moved,
        ]
    }

    /// A resident of a 敬老院 (集中供养 there): 特困, most unable to look after themselves, or a
    /// 社会老人寄养 resident who is not.
    mutating func resident(home: String, town: String, specialHardship: Bool) -> [String] {
        let villages = places.filter { $0.town == town }
        var row = next(at: villages.isEmpty ? nil : villages[random.below(villages.count)])
        row[5] = specialHardship ? "特困" : ""
        row[8] = ""
        row[9] = "集中供养"
        row[10] = home
        row[11] = day(daysAgo: 60 + random.below(1800))
        row[12] = specialHardship ? "是" : ""
        row[13] = specialHardship ? day(daysAgo: 1900 + random.below(100)) : ""
        let lost = specialHardship ? (random.chance(0.25) ? 0 : 1 + random.below(6)) : 0
        row[14] = specialHardship ? day(daysAgo: 30 + random.below(600)) : ""
        row[15] = Array(SelfCareCheck.Item.allCases.map(\.rawValue).shuffled(using: &random).prefix(lost)).joined(separator: "、")
        row[16] = ""
        row[17] = ""
        // Residents are 60 or older (the number keeps its birth date; an under-60 draw is replaced).
        if let id = try? ResidentID.parse(row[1]).get(), id.age(on: today) < 60 { return resident(home: home, town: town, specialHardship: specialHardship) }
        return row
    }

    private func day(daysAgo: Int) -> String { today.adding(days: -daysAgo).description }

    /// A valid, unused ID number: birth date from the age, sequence bumped past any taken.
    private mutating func residentID(addressCode: String, age: Int) -> String {
        // Born `age` whole years before today, and up to 360 days earlier still.
        let birth = today.adding(months: -12 * age).adding(days: -(1 + random.below(360)))
        var sequence = random.below(1000)
        let base = Int64(birth.year * 10000 + birth.month * 100 + birth.day) * 1000
        while taken.contains(base + Int64(sequence) + Int64(addressCode.hashValueStable % 1000) * 100_000_000_000) { sequence = (sequence + 1) % 1000 }
        taken.insert(base + Int64(sequence) + Int64(addressCode.hashValueStable % 1000) * 100_000_000_000)
        let first17 = addressCode + String(format: "%04d%02d%02d%03d", birth.year, birth.month, birth.day, sequence)
        return first17 + String(ResidentID.checkCharacter(first17))
    }

    /// Writes `count` persons as CSV (UTF-8 with BOM) to a file.
    public mutating func writeCSV(count: Int, to path: String) throws {
        try writeCSV(count: count, to: path, first: [])
    }

    /// Writes the given rows, then `count` persons.
    mutating func writeCSV(count: Int, to path: String, first: [[String]]) throws {
        try writeCSV(count: count, to: path, first: first, produce: { _ in [] })
    }

    /// Writes the given rows, the rows `produce` makes with this generator, then `count` persons.
    mutating func writeCSV(count: Int, to path: String, first: [[String]], produce: (inout SyntheticElders) -> [[String]]) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw ImportFileError(message: "无法写入 \(path)")
        }
        defer { try? handle.close() }
        var text = String(decoding: CSV.byteOrderMark, as: UTF8.self) + CSV.line(Self.header)
        for row in first + produce(&self) { text += CSV.line(row) }
        for _ in 0..<count {
            text += CSV.line(next())
            if text.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(text.utf8))
                text = ""
            }
        }
        try handle.write(contentsOf: Data(text.utf8))
    }
}

/// A small, fast, deterministic generator (SplitMix64): the same seed, the same population.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func chance(_ probability: Double) -> Bool { unit() < probability }
}

extension String {
    /// A hash that is the same in every process (Swift's `hashValue` is seeded per process).
    var hashValueStable: Int {
        var hash: UInt64 = 1_469_598_103_934_665_603
        for byte in utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        return Int(hash % 1_000_000_007)
    }
}
