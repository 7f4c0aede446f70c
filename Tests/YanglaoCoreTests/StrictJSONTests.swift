import Testing
@testable import YanglaoCore

@Suite struct StrictJSONTests {
    func parse(_ text: String) throws(StrictJSON.Problem) -> InputValue { try StrictJSON.parse(Array(text.utf8)) }

    @Test func readsEveryKindOfValue() throws {
        let value = try parse(#" {"name": "海安市敬老院", "beds": 120, "lat": -32.5e0, "ok": true, "no": false, "x": null, "list": [1, "二"], "o": {}} "#)
        #expect(value == .object([
            "name": .string("海安市敬老院"), "beds": .number("120"), "lat": .number("-32.5e0"), "ok": .bool(true), "no": .bool(false),
            "x": .null, "list": .array([.number("1"), .string("二")]), "o": .object([:]),
        ]))
    }

    @Test func numbersKeepTheirTextSoNothingOverflows() throws {
        #expect(try parse("9223372036854775807") == .number("9223372036854775807"))
        #expect(try parse("1e30") == .number("1e30"))
    }

    @Test func escapesAndSurrogatePairs() throws {
        #expect(try parse(#""a\"b\\c\/d\n\u517b\ud83d\ude00""#) == .string("a\"b\\c/d\n养😀"))
    }

    @Test func duplicateKeysAreAnError() {
        #expect(throws: StrictJSON.Problem(message: "字段“name”重复出现：每个字段只能给一次")) {
            try parse(#"{"name": "a", "name": "b"}"#)
        }
    }

    @Test func malformedInputIsRefused() {
        for text in ["", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", "NaN", "Infinity", "tru", "\"abc", "\"\u{1}\"", "{\"a\" 1}",
                     "[1] 2", "\"\\ud800\"", "\"\\x41\"", "{1: 2}"] {
            #expect(throws: StrictJSON.Problem.self, "\(text)") { try parse(text) }
        }
        #expect(throws: StrictJSON.Problem.self) { try StrictJSON.parse([0x22, 0xFF, 0xFE, 0x22]) }
    }

    @Test func nestingIsBounded() throws {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: StrictJSON.Problem(message: "请求内容不是有效的 JSON：嵌套超过 32 层（第 33 字节）")) { try parse(deep) }
        let fine = String(repeating: "[", count: 20) + String(repeating: "]", count: 20)
        _ = try parse(fine)
    }

    @Test func typesAreCheckedPerField() {
        #expect(InputValue.number("12345").text(as: .text) == nil)
        #expect(InputValue.array([.string("a")]).text(as: .text) == nil)
        #expect(InputValue.string(" 名称 ").text(as: .text) == "名称")
        #expect(InputValue.number("12").text(as: .number) == "12")
        #expect(InputValue.string("12").text(as: .number) == "12")
        #expect(InputValue.bool(true).text(as: .number) == nil)
        #expect(InputValue.bool(true).text(as: .flag) == "true")
        #expect(InputValue.null.text(as: .flag) == "")
        #expect(InputValue.object([:]).text(as: .flag) == nil)
    }
}
