import YanglaoPlatform
import FluentKit
import Vapor
import YanglaoCore
import SQLKit

/// An activity record of a community facility.
struct FacilityActivity: Content, Equatable {
    var id: String
    var facilityId: String
    var heldOn: LocalDate
    var kind: String
    var participants: Int
    var record: String
    var createdAt: String

    var rule: CommunityRules.Activity { CommunityRules.Activity(heldOn: heldOn, participants: participants, record: record) }
}

struct StatusChange: Codable, Sendable, Equatable {
    var status: FacilityStatus
    var changedOn: LocalDate
}
