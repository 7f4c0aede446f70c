import Testing
@testable import YanglaoCore

@Suite struct NumberInputTests {
    @Test func countsAreWholeAndBounded() {
        #expect(NumberKind.count.parseInteger("0") == .success(0))
        #expect(NumberKind.count.parseInteger(" 120 ") == .success(120))
        #expect(NumberKind.count.parseInteger("10000000") == .success(10_000_000))
        #expect(NumberKind.count.parseInteger("10000001") == .failure(.outOfRange(NumberKind.count.described)))
        #expect(NumberKind.count.parseInteger("9223372036854775807") == .failure(.outOfRange(NumberKind.count.described)))
        #expect(NumberKind.count.parseInteger("-1") == .failure(.outOfRange(NumberKind.count.described)))
        #expect(NumberKind.count.parseInteger("1.5") == .failure(.notWhole))
        #expect(NumberKind.count.parseInteger("12.0") == .success(12))
        #expect(NumberKind.count.parseInteger("") == .failure(.notANumber))
    }

    @Test func nonFiniteAndExoticNotationsAreRefused() {
        for text in ["inf", "-infinity", "nan", "NaN", "+Inf"] {
            #expect(NumberKind.latitude.parse(text) == .failure(.notFinite), "\(text)")
        }
        for text in ["0x10", "1_000", "1e400", "1e", ".", "--1", "1.2.3", "１２", "12abc", "1,000"] {
            #expect(NumberKind.money.parse(text) == .failure(.notANumber), "\(text)")
        }
        #expect(NumberKind.money.parse("1e30") == .failure(.outOfRange(NumberKind.money.described)))
        #expect(NumberKind.money.parse("100000000000") == .success(100_000_000_000))
    }

    @Test func coordinatesFollowWGS84() {
        #expect(NumberKind.latitude.parse("32.535") == .success(32.535))
        #expect(NumberKind.latitude.parse("-90") == .success(-90))
        #expect(NumberKind.latitude.parse("90.0001") == .failure(.outOfRange(NumberKind.latitude.described)))
        #expect(NumberKind.latitude.parse("1000") == .failure(.outOfRange(NumberKind.latitude.described)))
        #expect(NumberKind.longitude.parse("120.46") == .success(120.46))
        #expect(NumberKind.longitude.parse("-180.5") == .failure(.outOfRange(NumberKind.longitude.described)))
    }

    @Test func moneyAndAreaKeepTwoDecimals() {
        #expect(NumberKind.money.parse("120.5") == .success(120.5))
        #expect(NumberKind.money.parse("120.50") == .success(120.5))
        #expect(NumberKind.money.parse("1.005") == .failure(.tooManyDecimals(2)))
        #expect(NumberKind.money.parse("1.5e1") == .success(15))
        #expect(NumberKind.area.parse("-1") == .failure(.outOfRange(NumberKind.area.described)))
        #expect(NumberKind.area.parse("-0") == .success(0))
    }

    @Test func yearsArePlausible() {
        #expect(NumberKind.year.parseInteger("2021") == .success(2021))
        #expect(NumberKind.year.parseInteger("21") == .failure(.outOfRange(NumberKind.year.described)))
    }

    @Test func messagesAreChinese() {
        #expect(NumberKind.Problem.notFinite.message == "应为有限的数字")
        #expect(NumberKind.Problem.outOfRange(NumberKind.count.described).message == "应为0 至 10000000 之间的整数")
    }
}

@Suite struct TextLimitTests {
    @Test func lengthIsCountedInCharacters() {
        #expect(TextLimit.problem(String(repeating: "养", count: 100), limit: 100) == nil)
        #expect(TextLimit.problem(String(repeating: "养", count: 101), limit: 100) == "不能超过 100 个字（实际 101 个）")
    }

    @Test func controlCharactersAreRefused() {
        #expect(TextLimit.problem("第一行\n第二行", limit: 100) == nil)
        #expect(TextLimit.problem("a\u{0}b", limit: 100) == "含有不允许的控制字符（U+0000）")
        #expect(TextLimit.problem("a\u{1B}[31m", limit: 100) == "含有不允许的控制字符（U+001B）")
        #expect(TextLimit.problem("坏\u{FFFF}名", limit: 100) == "含有不允许的字符（U+FFFF，非字符）")
        #expect(TextLimit.problem("a" + String(Unicode.Scalar(0xFDD0 as UInt32)!), limit: 100) != nil)
        #expect(TextLimit.problem("a\u{10FFFE}", limit: 100) != nil)
        #expect(TextLimit.problem("行一\n行二\t\u{FFFD}", limit: 100) == nil)
    }
}

@Suite struct RedirectTargetTests {
    @Test func pathsOnThisSitePass() {
        #expect(RedirectTarget.safe("/facilities?region=320685") == "/facilities?region=320685")
        #expect(RedirectTarget.safe("/") == "/")
    }

    @Test func everythingElseFallsBack() {
        let hostile = [
            nil, "", "facilities", "https://evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example",
            "/\r\n", "/\r\nSet-Cookie: injected=1", "/\t/evil.example", "/ /evil.example",
            "/\u{0}", "/\u{7F}", "/\u{85}", "/\u{202E}x", "/\u{200B}/evil", "/\u{3000}/evil", "javascript:alert(1)",
            "/" + String(repeating: "a", count: 2_001),
        ]
        for target in hostile {
            #expect(RedirectTarget.safe(target, fallback: "/home") == "/home", "\(String(describing: target))")
        }
    }
}


@Suite struct SaturatingSumTests {
    @Test func sumsSaturateInsteadOfTrapping() {
        #expect([1, 2, 3].saturatingSum { $0 } == 6)
        #expect([Int.max, 1, 5].saturatingSum { $0 } == Int.max)
        #expect([Int.min, -1].saturatingSum { $0 } == Int.min)
        #expect([Int].init().saturatingSum { $0 } == 0)
    }
}

@Suite struct DayNumberTests {
    @Test func daysBetweenDates() {
        #expect(LocalDate(year: 1970, month: 1, day: 1)!.dayNumber == 0)
        #expect(LocalDate(year: 2021, month: 12, day: 15)!.dayNumber == 18_976)
        let start = LocalDate(year: 2020, month: 2, day: 28)!
        #expect(start.days(to: LocalDate(year: 2020, month: 3, day: 1)!) == 2)
        #expect(start.days(to: start.adding(days: 400)) == 400)
        #expect(start.adding(days: -1000).days(to: start) == 1000)
    }
}

@Suite struct TextSafetyTests {
    @Test func refusedCharactersAreWrittenAsTheirCodes() {
        #expect(TextSafety.storable("ab\u{0}c") == "ab\\u{0000}c")
        #expect(TextSafety.storable("坏\u{FFFF}名\u{FFFE}") == "坏\\u{FFFF}名\\u{FFFE}")
        #expect(TextSafety.storable("\u{10FFFF}") == "\\u{10FFFF}")
        #expect(TextSafety.storable("第一行\n第二行\t完") == "第一行\n第二行\t完")
        for value in UInt32(0)..<0x20 where ![0x09, 0x0A, 0x0D].contains(value) {
            let stored = TextSafety.storable("x" + String(Unicode.Scalar(value)!) + "y")
            #expect(TextSafety.firstRefused(stored) == nil)
            #expect(stored.hasPrefix("x\\u{00"))
        }
    }
}

@Suite struct ReasonTextTests {
    @Test func aReasonMustHaveTextAReaderCanSee() {
        for invisible in ["", "  ", "\u{200B}", "\u{200B}\u{200B}\u{200B}", "\u{2066}\u{2069}", "\u{FEFF}\u{200D}", "\u{3000}\u{3164}", "a\u{200B}"] {
            #expect(!ReasonText.isGiven(invisible), "\(invisible.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        for visible in ["核对", "数据有误", "ok", "核\u{200B}对"] { #expect(ReasonText.isGiven(visible)) }
        #expect(LedgerRules.refusal(.return, state: .submitted, standing: .above, reason: "\u{200B}\u{2066}\u{2069}") != nil)
        #expect(LedgerRules.refusal(.return, state: .submitted, standing: .above, reason: "数据有误") == nil)
    }
}
