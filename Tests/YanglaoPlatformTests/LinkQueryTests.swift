import Testing
@testable import YanglaoPlatform

/// Links with a query are built from typed values: each value encoded, nothing joined by hand.
@Suite struct LinkQueryTests {
    @Test func valuesAreEncodedInOrderAndNilsLeftOut() {
        let link = SiteURL.audit.with(["status": "已完成", "region": nil, "note": "a&b=c+d 甲；乙"])
        #expect(link == "/audit?status=%E5%B7%B2%E5%AE%8C%E6%88%90&note=a%26b%3Dc%2Bd%20%E7%94%B2%EF%BC%9B%E4%B9%99")
        #expect(SiteURL.audit.with(["region": nil]) == "/audit", "no value: no query")
        #expect(SiteURL.account("x").with(["done": "created"]) == SiteURL.account("x").path + "?done=created")
    }
}
