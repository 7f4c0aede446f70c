import Vapor
import YanglaoCore
import YanglaoPlatform

/// Who sees a plan and which of its regions: a plan is visible to the bureaus of its region and of
/// every region below (a town reads the city's plan: it is its plan too), but each sees the figures
/// of its own scope only. Anything else answers 404.
struct PlanAccess: Sendable {
    let platform: Platform
    let user: CurrentUser
    /// The caller's root region (nil: the command line, which sees everything).
    let root: StoredRegion?

    static func of(_ user: CurrentUser, platform: Platform) async throws -> PlanAccess {
        let root = try await user.scope.rootCode.asyncMap { try await RegionStore(sql: platform.sql).find($0) } ?? nil
        return PlanAccess(platform: platform, user: user, root: root)
    }

    func isVisible(_ plan: Plan, region: StoredRegion?) -> Bool {
        switch user.scope {
        case .unrestricted: return true
        case .nothing: return false
        case .region:
            if let region, user.scope.contains(region) { return true }
            return root?.ancestorCodes.contains(plan.regionCode) == true
        }
    }

    func visiblePlans() async throws -> [Plan] {
        let plans = try await PlanStore(sql: platform.sql).plans()
        let regions = Dictionary(uniqueKeysWithValues: try await RegionStore(sql: platform.sql).find(codes: Array(Set(plans.map(\.regionCode)))).map { ($0.code, $0) })
        return plans.filter { isVisible($0, region: regions[$0.regionCode]) }
    }

    /// The region of a plan the caller asks about: the plan's own when in scope, else the caller's
    /// root; a region asked for must lie in both the plan's subtree and the scope (404 otherwise, audited).
    func region(_ code: String?, of plan: Plan, request: Request) async throws -> StoredRegion {
        let store = RegionStore(sql: platform.sql)
        let planRegion = try await store.find(plan.regionCode)
        let wanted = code ?? (planRegion.map(user.scope.contains) == true ? plan.regionCode : root?.code ?? plan.regionCode)
        guard let region = try await store.find(wanted), user.scope.contains(region),
              region.code == plan.regionCode || region.ancestorCodes.contains(plan.regionCode) else {
            try await platform.audit(AuditActor(user.account, ip: request.clientIP), action: "access.out_of_scope", entityType: "region",
                                     entityID: String(wanted.prefix(64)), outcome: "not_found")
            throw APIError.notFound("区划")
        }
        return region
    }

    /// Whether the caller may change the plan (its targets and breakdown): an editing role whose
    /// scope holds the plan's region.
    func mayEdit(_ plan: Plan) async throws -> Bool {
        guard Action.editPlans.isAllowed(for: user.account.role), let region = try await RegionStore(sql: platform.sql).find(plan.regionCode) else { return false }
        return user.scope.contains(region)
    }

    /// The plan of a `/plans/:id` route: 404 (audited) when missing or not visible.
    static let resolver = RecordResolver(entity: "plan") { request in
        let platform = request.application.platform!
        let user = try platform.user(of: request)
        let id = request.parameters.get("id") ?? ""
        let access = try await PlanAccess.of(user, platform: platform)
        guard let plan = try await PlanStore(sql: platform.sql).find(id: id),
              access.isVisible(plan, region: try await RegionStore(sql: platform.sql).find(plan.regionCode)) else {
            throw try await platform.outOfScope(request, entityType: "plan", entityID: id, what: "计划")
        }
        return try await PlanStore(sql: platform.sql).record(plan, catalogue: platform.interfaces.catalogue)
    }
}
