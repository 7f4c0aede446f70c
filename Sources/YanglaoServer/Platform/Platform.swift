import FluentKit
import Foundation
import SQLKit
import Vapor
import YanglaoCore

/// The services every capability's routes are handed explicitly: the database for reads, the writer
/// for writes, the configuration, and the caller's scope.
public struct Platform: Sendable {
    public let configuration: AppConfiguration
    let database: any Database
    public let writer: DatabaseWriter

    var sql: any SQLDatabase { database as! any SQLDatabase }

    /// The caller's scope. No accounts exist yet, so every caller sees the whole territory (README).
    func scope(of request: Request) -> AccessScope {
        .unrestricted
    }
}

extension LocalDate {
    /// Today's date where the platform's users are (China Standard Time, UTC+8).
    static func today(now: Date = Date()) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
