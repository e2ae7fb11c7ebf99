import Foundation
import Services
import Testing

/// Issue 14 item 2: a package entry past 4 GiB is written as ZIP64 and reads back (ZIPFoundation).
/// Slow (it writes and reads 4.5 GiB), so it runs only with `LAWTRAIL_ZIP64_TEST=1`; the file is
/// sparse, so it needs little disk until the ZIP is written (4.5 GiB).
@Suite struct ArchiveZip64Tests {
    @Test("a 4.5 GiB stored entry makes a ZIP64 archive that unzip lists and tests (CRC-32) whole",
          .enabled(if: ProcessInfo.processInfo.environment["LAWTRAIL_ZIP64_TEST"] == "1"))
    func largeEntry() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("lawtrail-zip64-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let bag = work.appendingPathComponent("bag/data/records/x", isDirectory: true)
        try FileManager.default.createDirectory(at: bag, withIntermediateDirectories: true)
        let size: UInt64 = (9 << 30) / 2
        let video = bag.appendingPathComponent("media.mp4")
        FileManager.default.createFile(atPath: video.path, contents: Data("RIFF".utf8))
        let handle = try FileHandle(forWritingTo: video)
        try handle.truncate(atOffset: size)
        try handle.close()
        let zip = work.appendingPathComponent("package.zip")

        try ArchiveService.zip(work.appendingPathComponent("bag"), into: zip, folder: "pkg")

        let listing = Process()
        listing.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        listing.arguments = ["-l", zip.path]
        let pipe = Pipe()
        listing.standardOutput = pipe
        try listing.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        listing.waitUntilExit()
        #expect(listing.terminationStatus == 0, "\(text)")
        #expect(text.contains("\(size)") && text.contains("pkg/data/records/x/media.mp4"), "\(text)")
        // Every entry's CRC-32 checked by unzip.
        let test = Process()
        test.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        test.arguments = ["-tq", zip.path]
        test.standardOutput = FileHandle.nullDevice
        try test.run()
        test.waitUntilExit()
        #expect(test.terminationStatus == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: zip.path)
        #expect((attributes[.size] as? NSNumber)?.uint64Value ?? 0 > size)
    }
}
