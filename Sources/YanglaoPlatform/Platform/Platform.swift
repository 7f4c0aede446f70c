import FluentKit
import Foundation
import SQLKit
import Vapor
import YanglaoCore

/// The services every capability's routes are handed explicitly: the database for reads, the writer
/// for writes, the configuration, and the caller's scope.
public struct Platform: Sendable {
    public let configuration: AppConfiguration
    package let readers: ReaderPool
    public let writer: DatabaseWriter
    package let crypto: PlatformCrypto
    /// Seals and finds personal data (ID numbers, phones, addresses) with the configured keys.
    package let personalData: PersonalDataCipher
    /// The capabilities this server runs (their navigation and OpenAPI entries).
    package let capabilities: [any Capability.Type]
    /// What the capabilities offer one another (each fills its part in `Capability.offer`).
    package var interfaces = CapabilityInterfaces()

    package var sealer: AuditSealer { AuditSealer(writer: writer, crypto: crypto, holder: sealerHolder) }
    /// This process's name in the sealer's lease.
    package let sealerHolder = UUID().uuidString
    /// The progress of the streamed imports running in this process.
    package let importProgress = ImportProgressBoard()
    package var logger: Logger { Logger(label: "yanglao.platform") }

    /// A database for reads (one of several connections; see `DatabaseConnections`).
    package var database: any Database { readers.next() }
    package var sql: any SQLDatabase { database as! any SQLDatabase }

    /// "Now" and "today" for every rule and record (`AppConfiguration.clock`).
    package var clock: PlatformClock { configuration.clock }

    /// Reads registry lists in pages by keyset, with cursors signed by this deployment's key.
    package func pager(_ sql: (any SQLDatabase)? = nil) -> RegistryPager {
        RegistryPager(sql: sql ?? self.sql, cursors: CursorCodec(key: crypto.derivedKey("list-cursor")))
    }

    /// The caller of a service: the account and the client address the audit log names.
    package func caller(_ request: Request) throws -> Caller {
        let user = try user(of: request)
        var caller = Caller(user: user, actor: AuditActor(user.account, ip: request.clientIP), personalData: personalData, today: clock.today)
        caller.interfaces = interfaces
        return caller
    }

    /// An audit entry of its own transaction, from a service (no request at hand).
    package func audit(_ actor: AuditActor, action: String, entityType: String?, entityID: String?, outcome: String) async throws {
        try await writer.write { sql in
            try await AuditLog.record(on: sql, actor: actor, action: action, entityType: entityType, entityID: entityID, outcome: outcome)
        }
    }

    /// The authenticated caller; routes behind `BearerAuthentication` always have one.
    package func user(of request: Request) throws -> CurrentUser {
        guard let user = request.currentUser else {
            throw APIError(.unauthorized, code: "unauthorized", message: "请先登录")
        }
        return user
    }

    /// An account's scope: the subtree of its region (and its organisation, where the role has one).
    package func scope(of account: Account) async throws -> AccessScope {
        guard let region = try await RegionStore(sql: sql).find(account.regionCode) else {
            // An account whose region has vanished sees nothing rather than everything.
            return .nothing
        }
        return .region(code: region.code, level: region.level, organisation: account.organisationId)
    }

    /// The caller, if the role may take the action; otherwise 403, audited.
    package func require(_ action: Action, _ request: Request) async throws -> CurrentUser {
        let user = try user(of: request)
        guard action.isAllowed(for: user.account.role) else {
            try await audit(request, user, "access.forbidden", entityType: "action", entityID: action.code, outcome: "forbidden")
            throw APIError(.forbidden, code: "forbidden", message: "您的角色（\(user.account.role.label)）无权执行此操作")
        }
        return user
    }

    /// The 404 for a record outside the caller's scope, audited as a denial.
    package func outOfScope(_ request: Request, entityType: String, entityID: String, what: String) async throws -> APIError {
        if let user = request.currentUser {
            try await audit(request, user, "access.out_of_scope", entityType: entityType, entityID: entityID, outcome: "not_found")
        }
        return .notFound(what)
    }

    private func audit(_ request: Request, _ user: CurrentUser, _ action: String, entityType: String, entityID: String, outcome: String) async throws {
        try await record(request, action: action, entityType: entityType, entityID: entityID, outcome: outcome)
    }

    /// An audit entry of its own transaction, for what changes nothing else (denials, logins, checks).
    package func record(
        _ request: Request, action: String, entityType: String? = nil, entityID: String? = nil, outcome: String = "ok"
    ) async throws {
        let actor = request.currentUser.map { AuditActor($0.account, ip: request.clientIP) } ?? AuditActor(ip: request.clientIP)
        try await writer.write { sql in
            try await AuditLog.record(on: sql, actor: actor, action: action, entityType: entityType, entityID: entityID, outcome: outcome)
        }
    }
}
