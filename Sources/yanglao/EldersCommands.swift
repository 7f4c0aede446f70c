import ArgumentParser
import Foundation
import YanglaoPlatform
import YanglaoServer

struct Elders: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "老年人名册", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导入老年人名册（CSV：UTF-8 或 GB18030；或 XLSX）；逐行校验，全部正确才写入，重复导入不产生变化",
            discussion: "表头同导入模板（姓名、身份证号码、居住区划代码为必填列）。进度显示在标准错误输出。"
        )

        @ArgumentParser.Argument(help: "CSV 或 XLSX 文件") var file: String
        @ArgumentParser.Flag(help: "只校验，不写入") var dryRun = false
        @ArgumentParser.Option(help: "把全部错误（行号、列、问题）写入此 CSV 文件") var errors: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            Bootstrap.run(defaultLevel: .warning)
            guard FileManager.default.isReadableFile(atPath: file) else { throw ValidationError("无法读取文件：\(file)") }
            let (app, platform) = try await YanglaoApplication.make(database.configuration)
            let bar = ProgressBar(label: dryRun ? "校验" : "导入")
            let report: ImportReport
            do {
                report = try await YanglaoApplication.importElders(path: file, dryRun: dryRun, problemsFile: errors, platform: platform) { rows, fraction, problems in
                    bar.show(rows: rows, fraction: fraction, problems: problems)
                }
                bar.finish()
            } catch let error as ImportFileError {
                bar.finish()
                try await app.asyncShutdown()
                printError("导入失败：\(error.message)")
                throw ExitCode.failure
            }
            try await app.asyncShutdown()
            for error in report.errors.prefix(50) {
                printError("第\(error.row)行" + (error.field.map { "【\($0)】" } ?? "") + "：\(error.message)")
            }
            let summary = "共\(report.accepted + report.rejected)行：通过\(report.accepted)行，有误\(report.rejected)行"
            if report.rejected > 0 {
                printError(summary + (report.errors.count > 50 ? "（仅列出前 50 处错误" + (errors.map { "，全部见 \($0)" } ?? "，用 --errors 文件 取得全部") + "）" : "")
                           + "。文件有误，未写入任何数据。")
                throw ExitCode.failure
            }
            let counts = "；新增\(report.created)，更新\(report.updated)，未变\(report.unchanged)"
            say(report.dryRun ? "校验通过（未写入）：\(summary)" : "导入完成：\(summary)\(counts)")
        }
    }
}

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "基准测试数据", subcommands: [Generate.self])

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "生成合成的老年人名册（演示辖区内，确定性：同一种子生成同一文件）")

        @ArgumentParser.Option(help: "人数") var elders: Int
        @ArgumentParser.Option(help: "随机种子") var seed: UInt64 = 1
        @ArgumentParser.Option(help: "输出的 CSV 文件") var output = "elders.csv"
        @ArgumentParser.Option(help: "以此日期为“今天”（YYYY-MM-DD；默认今天）") var today: String?

        func run() throws {
            guard (1...50_000_000).contains(elders) else { throw ValidationError("人数应为 1 至 50000000") }
            try YanglaoApplication.generateElders(count: elders, seed: seed, path: output, today: today)
            say("已生成 \(elders) 人：\(output)")
        }
    }
}

/// A progress bar on standard error, redrawn when the share moves by a percent.
final class ProgressBar: @unchecked Sendable {
    let label: String
    let started = Date()
    private var shown = -1
    private let lock = NSLock()

    init(label: String) { self.label = label }

    func show(rows: Int, fraction: Double, problems: Int) {
        lock.lock()
        defer { lock.unlock() }
        let percent = Int(fraction * 100)
        // Without a share (a rotation counts rows only), every call redraws.
        guard percent != shown || fraction == 0 else { return }
        shown = percent
        let width = 30, filled = width * percent / 100
        let seconds = max(Date().timeIntervalSince(started), 0.001)
        let line = "\r\(label) [\(String(repeating: "#", count: filled))\(String(repeating: "-", count: width - filled))] \(percent)%  \(rows) 行  \(Int(Double(rows) / seconds)) 行/秒"
            + (problems > 0 ? "  错误 \(problems)" : "")
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown >= 0 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "个人信息密钥", subcommands: [Rotate.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "更换个人信息加密密钥：用新密钥重新加密全部身份证号码、电话和地址（可中断，再次运行 --resume 继续）",
            discussion: "SQLite 部署（密钥在 data/personal.keys）：生成新密钥并置于首位，旧密钥保留以便读取尚未重新加密的数据。"
                + "由环境变量配置密钥时：先把新密钥放在 YANGLAO_PERSONAL_DATA_KEYS 首位（旧密钥保留在后），再运行 --resume。"
        )

        @ArgumentParser.Flag(help: "不生成新密钥，只把仍由旧密钥加密的数据重新加密（继续中断的更换）") var resume = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            Bootstrap.run(defaultLevel: .warning)
            let bar = ProgressBar(label: "重新加密")
            do {
                let result = try await YanglaoApplication.rotatePersonalDataKeys(database.configuration, newKey: !resume) { rows in
                    bar.show(rows: rows, fraction: 0, problems: 0)
                }
                bar.finish()
                say("已用密钥 \(result.newKey ?? "") 重新加密 \(result.rows) 条记录的 \(result.values) 项个人信息；仍由旧密钥加密的：\(result.remaining) 项")
                if result.remaining > 0 { throw ExitCode.failure }
            } catch let error as ImportFileError {
                bar.finish()
                printError(error.message)
                throw ExitCode.failure
            }
        }
    }
}
