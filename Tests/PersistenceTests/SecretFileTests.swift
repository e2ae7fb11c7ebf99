import Foundation
import Persistence
import Testing

/// Issue 12 item 12: key files are read only when they are the owner's own and no one else's.
@Suite struct SecretFileTests {
    static func keyFile(mode: mode_t) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lawtrail-keys-\(UUID())", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("personal-data.key")
        try SecretFile.create(file, contents: "secret\n")
        #expect(chmod(file.path, mode) == 0)
        return file
    }

    @Test("issue 12 item 12: a 0600 key is read; group- or world-readable or writable keys are refused", arguments: [0o600, 0o400, 0o640, 0o604, 0o620, 0o666] as [mode_t])
    func modes(mode: mode_t) throws {
        let file = try Self.keyFile(mode: mode)
        if mode & 0o077 == 0 {
            #expect(try SecretFile.read(file) == "secret\n")
        } else {
            #expect(throws: PersonalDataError.self) { try SecretFile.read(file) }
        }
    }

    @Test("issue 12 item 12: a symbolic link in place of the key is refused")
    func symlink() throws {
        let file = try Self.keyFile(mode: 0o600)
        let link = file.deletingLastPathComponent().appendingPathComponent("ledger.key")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: file)
        #expect(throws: PersonalDataError.self) { try SecretFile.read(link) }
    }

    @Test("issue 12 item 12: the personal-data key refuses to load when others can read it")
    func loadRefuses() throws {
        let file = try Self.keyFile(mode: 0o600)
        try FileManager.default.removeItem(at: file)
        _ = try PersonalDataProtection.load(keysDirectory: file.deletingLastPathComponent())
        #expect(chmod(file.path, 0o644) == 0)
        #expect(throws: PersonalDataError.self) { try PersonalDataProtection.load(keysDirectory: file.deletingLastPathComponent()) }
        #expect(chmod(file.path, 0o600) == 0)
        _ = try PersonalDataProtection.load(keysDirectory: file.deletingLastPathComponent())
    }
}
