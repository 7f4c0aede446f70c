import Foundation
import SQLKit
import Vapor
import YanglaoCore

/// `GET /api/v1/audit`: the auditor's review of the log of their region, newest first.
/// Filters: `from`/`to` (ISO 8601 or YYYY-MM-DD), `username`, `entityType`, `entityId`, `action`;
/// paging with `cursor` and `limit`.
package enum AuditAPI {
    package typealias Page = AuditList.Page

    package static func register(on api: any RoutesBuilder, platform: Platform) {
        api.get("audit", access: .may(.reviewAudit)) { request in
            try await AuditList.page(try ListParameters(request, listing: AuditList.listing), caller: try platform.caller(request), platform: platform)
        }
    }
}
