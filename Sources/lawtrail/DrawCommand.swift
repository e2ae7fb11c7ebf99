import ArgumentParser
import Domain
import Foundation

/// `lawtrail draw verify FILE` (issue 15 item 1; docs/double-random.md): recomputes a draw offline
/// from the data the portal publishes at `/draws/{id}/draw.json`. Exit status 0 when the
/// commitment, every reveal and the outcome agree; 1 otherwise.
struct DrawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draw", abstract: "随机抽取（“双随机、一公开”、案卷评查抽样）。", subcommands: [Verify.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "用门户网站公开的 draw.json 离线复算一次抽取，核对承诺值、各方密文和抽取结果。")

        @Argument(help: "从 /draws/{id}/draw.json 下载的文件；- 表示标准输入。")
        var file: String

        func run() throws {
            let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
            let check = try PublishedDrawCheck.check(Array(data))
            print("承诺值 \(check.commitment)：\(check.commitmentMatches ? "与公开的抽取方案一致" : "与公开的抽取方案不符")")
            if !check.badReveals.isEmpty { print("密文与承诺不符：\(check.badReveals.joined(separator: "、"))") }
            if !check.missingReveals.isEmpty { print("尚未公开密文：\(check.missingReveals.joined(separator: "、"))") }
            if let recomputed = check.recomputed {
                print("复算的随机种子：\(recomputed.seed)")
                for (pool, entries) in recomputed.selected.sorted(by: { $0.key < $1.key }) {
                    print("抽中（\(pool)）：\(entries.map(\.key).joined(separator: " "))")
                }
            }
            switch check.outcomeMatches {
            case true?: print("结果：与公开的抽取结果一致")
            case false?: print("结果：与公开的抽取结果不一致")
            case nil: print("结果：尚未抽取")
            }
            if !check.isValid { throw ExitCode.failure }
        }
    }
}
