import ArgumentParser
import Crypto
import Foundation
import Ledger

/// `lawtrail digest --algorithm sm3|sha256 FILE...` (issue 14): prints `<hex>  <path>` per file,
/// as `sha256sum` does, so that scripts/check-sm3.py can compare `Ledger.SM3` with PyPI `gmssl`
/// and OpenSSL. Each file is read in 1 MiB chunks into one reused buffer and streamed through the
/// hasher. `-` reads standard input. An unreadable file prints an error line and makes the exit
/// status 1; the other files are still hashed.
struct DigestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "计算文件摘要（SM3 或 SHA-256），每个文件输出一行：<十六进制摘要>  <路径>。")

    enum Algorithm: String, ExpressibleByArgument, CaseIterable {
        case sm3
        case sha256
    }

    @Option(name: .customLong("algorithm"), help: "摘要算法：sm3 或 sha256。")
    var algorithm: Algorithm = .sm3
    @Argument(help: "要计算摘要的文件；- 表示标准输入。")
    var files: [String]

    static let chunkSize = 1 << 20

    func run() throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var output = ""
        var allOK = true
        for path in files {
            do {
                let hex = try Self.digest(path: path, algorithm: algorithm, buffer: buffer)
                output += "\(hex)  \(path)\n"
            } catch {
                FileHandle.standardOutput.write(Data(output.utf8))
                output = ""
                printError("lawtrail digest: \(path): \(error)")
                allOK = false
            }
            if output.utf8.count >= 1 << 16 {
                FileHandle.standardOutput.write(Data(output.utf8))
                output = ""
            }
        }
        FileHandle.standardOutput.write(Data(output.utf8))
        if !allOK { throw ExitCode.failure }
    }

    struct ReadError: Error, CustomStringConvertible {
        let description: String
    }

    /// The lowercase hex digest of the file at `path` (`-`: standard input).
    static func digest(path: String, algorithm: Algorithm, buffer: UnsafeMutableRawBufferPointer) throws -> String {
        let descriptor: Int32 = path == "-" ? 0 : open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ReadError(description: String(cString: strerror(errno))) }
        defer { if descriptor != 0 { close(descriptor) } }
        var sm3 = SM3()
        var sha256 = SHA256()
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(description: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            switch algorithm {
            case .sm3: sm3.update(chunk)
            case .sha256: sha256.update(bufferPointer: chunk)
            }
        }
        switch algorithm {
        case .sm3: return sm3.finalize().map { String(format: "%02x", $0) }.joined()
        case .sha256: return sha256.finalize().map { String(format: "%02x", $0) }.joined()
        }
    }
}
