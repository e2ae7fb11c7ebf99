import ArgumentParser
import Foundation
import Ledger

/// `lawtrail proof check BUNDLE --key KEY | --key-file FILE` (SPEC X3): checks a downloaded proof
/// bundle offline — no server, no database, no data directory — so that anyone holding a bundle
/// and the bureau's published verifier key can check it. Imports only `Ledger`: the check is
/// `ProofBundle.check`, tested in LedgerTests.
struct ProofCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof", abstract: "离线校验账本证明包。", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "校验证明包：检查点签名、包含证明、账本条目与内容哈希；任一项不通过时退出码为 1。")
        @Argument(help: "证明包文件（JSON）。") var bundle: String
        @Option(name: .customLong("key"), help: "验证密钥，即 /ledger/key 的内容（<名称>+<密钥编号>+<公钥>）。")
        var key: String?
        @Option(name: .customLong("key-file"), help: "存有验证密钥的文件。")
        var keyFile: String?

        func validate() throws {
            guard (key == nil) != (keyFile == nil) else {
                throw ValidationError("请给出 --key 或 --key-file 之一")
            }
        }

        func run() throws {
            do {
                let verifierKey = try readVerifierKey()
                let data = try read(bundle, what: "证明包文件")
                let result = try ProofBundle.check(data, verifierKey: verifierKey)
                print("签名有效：\(result.origin) 树大小 \(result.treeSize)")
                print("包含证明有效：第 \(result.index) 条")
                print("内容哈希一致：\(result.contentSha256)")
                print("事件类型：\(result.eventType)")
            } catch let error as ProofBundleError {
                printError("校验失败：\(error.description)")
                throw ExitCode.failure
            } catch let error as ReadFailure {
                printError("校验失败：\(error.message)")
                throw ExitCode.failure
            }
        }

        /// The key from `--key`, or the text of `--key-file` without surrounding white space (a key
        /// saved from `GET /ledger/key` ends in a newline).
        private func readVerifierKey() throws -> String {
            if let key { return key.trimmingCharacters(in: .whitespacesAndNewlines) }
            let data = try read(keyFile ?? "", what: "验证密钥文件")
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        private func read(_ path: String, what: String) throws -> Data {
            do {
                return try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw ReadFailure(message: "无法读取\(what) \(path)（\(error.localizedDescription)）")
            }
        }

        private struct ReadFailure: Error {
            let message: String
        }
    }
}
