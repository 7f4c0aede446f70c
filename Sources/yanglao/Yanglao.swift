import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus
import Vapor
import YanglaoPlatform
import YanglaoServer

@main
struct Yanglao: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "yanglao",
        abstract: "养老服务综合监管平台 Yanglao",
        subcommands: [Serve.self, Migrate.self, Regions.self, Elders.self, Keys.self, Admin.self, Audit.self, Bench.self]
    )
}

/// Options every database command shares.
struct DatabaseOptions: ParsableArguments {
    @ArgumentParser.Flag(help: "使用演示数据库 ./data/demo.sqlite（首次启动时填充演示城市）")
    var demo = false

    var configuration: AppConfiguration { .fromEnvironment(demo: demo) }
}

/// Logging and metrics are bootstrapped once per process, here and nowhere else.
enum Bootstrap {
    static let metrics = PrometheusCollectorRegistry()

    static func run(defaultLevel: Logger.Level) {
        let environment = ProcessInfo.processInfo.environment
        let level = environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? defaultLevel
        let json = environment["YANGLAO_LOG_FORMAT"] == "json"
        LoggingSystem.bootstrap { label in
            if json { return RedactingLogHandler(JSONLogHandler(label: label, level: level)) }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return RedactingLogHandler(handler)
        }
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics))
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "启动平台（自动执行数据库迁移）")

    @OptionGroup var database: DatabaseOptions
    @ArgumentParser.Option(help: "监听地址") var hostname = "127.0.0.1"
    @ArgumentParser.Option(help: "监听端口") var port = 8080

    func run() async throws {
        Bootstrap.run(defaultLevel: .info)
        let configuration = database.configuration
        let (app, platform) = try await YanglaoApplication.make(configuration, metrics: Bootstrap.metrics)
        let shownHost = hostname == "0.0.0.0" ? "127.0.0.1" : hostname
        say("养老服务综合监管平台已启动：http://\(shownHost):\(port)/  数据库：\(configuration.databaseDescription)")
        if configuration.isDemo { say("演示模式：演示城市为 南通市（海安市）与 通辽市") }
        do {
            try await YanglaoApplication.serve(app, platform: platform, hostname: hostname, port: port)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "执行数据库迁移")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        Bootstrap.run(defaultLevel: .warning)
        let configuration = database.configuration
        let (app, _) = try await YanglaoApplication.make(configuration)
        try await app.asyncShutdown()
        say("数据库迁移完成：\(configuration.databaseDescription)")
    }
}

struct Regions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "行政区划", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导入区划表（CSV：区划代码,名称,层级,上级区划代码[,类型,生效日期,失效日期,并入区划代码]）"
        )

        @ArgumentParser.Argument(help: "CSV 文件（UTF-8 或 GB18030/GBK）") var file: String
        @ArgumentParser.Flag(help: "只校验，不写入") var dryRun = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            Bootstrap.run(defaultLevel: .warning)
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("无法读取文件：\(file)")
            }
            let (app, platform) = try await YanglaoApplication.make(database.configuration)
            let report: ImportReport
            do {
                report = try await YanglaoApplication.importRegions(file: Array(data), dryRun: dryRun, platform: platform)
            } catch let error as ImportFileError {
                try await app.asyncShutdown()
                printError("导入失败：\(error.message)")
                throw ExitCode.failure
            }
            try await app.asyncShutdown()
            for error in report.errors {
                printError("第\(error.row)行" + (error.field.map { "【\($0)】" } ?? "") + "：\(error.message)")
            }
            if !report.errors.isEmpty {
                printError("共\(report.accepted + report.rejected)行：通过\(report.accepted)行，有误\(report.rejected)行。文件有误，未写入任何数据。")
                throw ExitCode.failure
            }
            let summary = "共\(report.accepted + report.rejected)行：通过\(report.accepted)行，有误\(report.rejected)行；新增\(report.created)，更新\(report.updated)，未变\(report.unchanged)"
            say(report.dryRun ? "校验通过（未写入）：\(summary)" : "导入完成：\(summary)")
        }
    }
}

struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "账户管理", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "创建账户；密码从标准输入的第一行读取（不经命令行参数）",
            discussion: "例：printf '%s\\n' \"$PASSWORD\" | yanglao admin create --username zhang --role admin --region 320685"
        )

        @ArgumentParser.Option(help: "用户名") var username: String
        @ArgumentParser.Option(help: "角色：admin、village_staff、institution_operator、provider_operator、caregiver、hotline_operator、inspector、assessor、viewer、security_admin、auditor")
        var role: String
        @ArgumentParser.Option(help: "所辖区划代码") var region: String
        @ArgumentParser.Option(help: "所属机构（机构、服务商、护理员角色必填）") var organisation: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            Bootstrap.run(defaultLevel: .warning)
            guard let password = readLine(strippingNewline: true), !password.isEmpty else {
                printError("请在标准输入的第一行提供密码")
                throw ExitCode.failure
            }
            let (app, platform) = try await YanglaoApplication.make(database.configuration)
            do {
                try await YanglaoApplication.createAccount(
                    username: username, password: password, role: role, regionCode: region, organisationID: organisation, platform: platform
                )
            } catch let error as APIError {
                try await app.asyncShutdown()
                printError("创建账户失败：\(error.message)")
                let labels = ["username": "用户名", "password": "密码", "role": "角色", "region": "区划", "organisation": "所属机构"]
                for (field, message) in error.fields.sorted(by: { $0.key < $1.key }) { printError("  \(labels[field] ?? field)：\(message)") }
                throw ExitCode.failure
            }
            try await app.asyncShutdown()
            say("已创建账户 \(username)（\(role)，区划 \(region)）")
        }
    }
}

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "审计日志", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "校验审计日志链（先封存待封存条目）；链断裂时指出第一条问题条目并以非零退出")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            Bootstrap.run(defaultLevel: .warning)
            let (app, platform) = try await YanglaoApplication.make(database.configuration)
            let result: YanglaoApplication.AuditVerification
            do { result = try await YanglaoApplication.verifyAudit(platform: platform) } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
            switch result {
            case let .intact(sealed, newlySealed, pending):
                say("审计链完整：共\(sealed)条已封存条目（本次封存\(newlySealed)条）" + (pending > 0 ? "；另有\(pending)条待封存（另一进程正持有封存租约）" : ""))
            case let .broken(position, id, reason):
                printError("审计链断裂：第\(position)条" + (id.map { "（id \($0)）" } ?? "") + "：\(reason)")
                throw ExitCode.failure
            }
        }
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Standard output without buffering, so a message is seen before the server blocks.
func say(_ message: String) {
    FileHandle.standardOutput.write(Data((message + "\n").utf8))
}
