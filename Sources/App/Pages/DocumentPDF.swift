import Domain
import Foundation
import Vapor

/// A document record as a PDF in its template's field order (issue 10 item 7), rendered by headless
/// Chromium when the server has it (`chromium --print-to-pdf`; Debian's `chromium` and
/// `fonts-noto-cjk` render Chinese correctly). Optional: without Chromium the page says so and the
/// browser's own 打印 remains.
enum DocumentPDF {
    static let candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]

    static var chromium: String? { candidates.first { FileManager.default.isExecutableFile(atPath: $0) } }

    struct Unavailable: Error {}

    /// Self-contained HTML (no external style: it is rendered from a file, not served); the same
    /// page an archive package keeps (`DocumentRendition`).
    static func html(title: String, bureau: String, caseNumber: String, fields: [(label: String, value: String)]) -> String {
        DocumentRendition.html(title: title, bureau: bureau, caseNumber: caseNumber, fields: fields)
    }

    /// Renders `html` to PDF bytes in `directory` (the data directory's tmp), off the event loop.
    static func render(_ html: String, in directory: URL, on pool: NIOThreadPool) async throws -> Data {
        guard let chromium else { throw Unavailable() }
        let name = UUID().uuidString.lowercased()
        let input = directory.appendingPathComponent("print-\(name).html")
        let output = directory.appendingPathComponent("print-\(name).pdf")
        defer {
            try? FileManager.default.removeItem(at: input)
            try? FileManager.default.removeItem(at: output)
        }
        return try await pool.runIfActive {
            // The file write too, not only the wait for Chromium (issue 12 item 12).
            try Data(html.utf8).write(to: input)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: chromium)
            process.arguments = [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                "--print-to-pdf=\(output.path)", input.absoluteString,
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: output.path),
                  data.starts(with: Array("%PDF".utf8)) else { throw Unavailable() }
            return data
        }
    }
}
