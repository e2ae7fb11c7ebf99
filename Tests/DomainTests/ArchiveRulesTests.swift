import Domain
import Foundation
import Ledger
import Testing

/// Issue 14 item 2 without a database or a file system: closing rules, the security class, the
/// 档号, and the 四性检测 over a package held in memory (SPEC R10, R11, X3).
@Suite struct ArchiveRulesTests {
    // MARK: Closing

    @Test("结案: a future day, a day before the case was opened and a missing summary are refused, all at once")
    func closingProblems() {
        let opened = CivilDate(iso: "2026-03-02")!
        let today = CivilDate(iso: "2026-11-30")!
        #expect(CaseClosing.problems(closedOn: "2026-11-30", summary: "已结", openedOn: opened, today: today).isEmpty)
        #expect(CaseClosing.problems(closedOn: "2026-03-02", summary: "已结", openedOn: opened, today: today).isEmpty)
        let future = CaseClosing.problems(closedOn: "2026-12-01", summary: " ", openedOn: opened, today: today)
        #expect(future["closedOn"]?.contains("不能晚于今天") == true)
        #expect(future["summary"] != nil)
        #expect(CaseClosing.problems(closedOn: "2026-03-01", summary: "x", openedOn: opened, today: today)["closedOn"]?.contains("早于立案") == true)
        #expect(CaseClosing.problems(closedOn: "2026-02-30", summary: "x", openedOn: opened, today: today)["closedOn"] == "应为 YYYY-MM-DD 日期")
        #expect(CaseClosing.problems(closedOn: nil, summary: "x", openedOn: opened, today: today)["closedOn"] != nil)
    }

    @Test("密级: the default is the most restricted any record's marking requires")
    func securityClass() {
        #expect(SecurityClass.required(by: [Sensitivity]()) == .open)
        #expect(SecurityClass.required(by: [.none, .none]) == .open)
        #expect(SecurityClass.required(by: [.none, .personalPrivacy]) == .internal)
        #expect(SecurityClass.required(by: [.commercialSecret, .stateSecret]) == .secret)
        #expect(SecurityClass.open < .internal && SecurityClass.internal < .secret)
    }

    @Test("档号: 全宗号-WS-年度-保管期限代码-件号")
    func archivalCode() {
        let code = ArchivalCode(fonds: "91310107MA1G00000X", year: 2026, period: .thirtyYears, item: 3)
        #expect(code.description == "91310107MA1G00000X-WS-2026-D30-0003")
        #expect(ArchivalCode(fonds: "F", year: 2027, period: .permanent, item: 12).description == "F-WS-2027-Y-0012")
        #expect(ArchivalCode.series(fonds: "F", year: 2026, period: .tenYears) == "F-WS-2026-D10-")
    }

    @Test("BagIt manifests: lines are written and read back; a malformed line is refused")
    func manifests() {
        let text = ArchivePackageLayout.manifestLine(digest: "ab12", path: "data/a b.txt") + ArchivePackageLayout.manifestLine(digest: "cd34", path: "data/100%.txt")
        #expect(text == "ab12  data/a b.txt\ncd34  data/100%25.txt\n")
        #expect(ArchivePackageLayout.parseManifest(text) == ["data/a b.txt": "ab12", "data/100%.txt": "cd34"])
        #expect(ArchivePackageLayout.parseManifest("nothex  data/x\n") == nil)
        #expect(ArchivePackageLayout.parseManifest("ab12\n") == nil)
    }

    @Test("paths: only relative paths that stay inside the package are safe")
    func safePaths() {
        #expect(FourPropertiesCheck.isSafe("data/records/x/record.json"))
        for bad in ["/etc/passwd", "../x", "data/../../x", "data//x", "data/./x", "data\\x", ""] {
            #expect(!FourPropertiesCheck.isSafe(bad), "\(bad)")
        }
    }

    // MARK: 四性检测

    @Test("四性检测: a complete package passes all four properties")
    func completePackagePasses() throws {
        let fixture = try PackageFixture()
        let report = FourPropertiesCheck.run(fixture.reader, expecting: fixture.expectation, at: Date(timeIntervalSince1970: 1_790_000_000))
        #expect(report.passed, "\(report.failureSummary)")
        #expect(report.properties.map(\.label) == ["真实性", "完整性", "可用性", "安全性"])
        #expect(report.payloadFileCount == fixture.reader.files.keys.filter { $0.hasPrefix("data/") }.count)
        #expect(report.payloadManifestSha256 == FixityDigest.of(fixture.reader.files["manifest-sha256.txt"]!).sha256)
    }

    @Test("四性检测: a changed media byte fails authenticity (ledger digest) and integrity (manifest)")
    func changedByteFails() throws {
        var fixture = try PackageFixture()
        fixture.reader.files[fixture.mediaPath]![100] ^= 0x01
        let report = FourPropertiesCheck.run(fixture.reader, expecting: fixture.expectation, at: Date())
        #expect(!report.passed)
        #expect(report.failedPropertyKeys.contains("authenticity"))
        #expect(report.failedPropertyKeys.contains("integrity"))
        let authenticity = try #require(report.properties.first { $0.key == "authenticity" })
        #expect(authenticity.checks.first { $0.key == "blobDigests" }?.passed == false)
    }

    @Test("四性检测: a missing record fails integrity; a proof for another key fails authenticity")
    func missingRecordAndForeignKey() throws {
        var fixture = try PackageFixture()
        fixture.reader.files.removeValue(forKey: fixture.renditionPath)
        #expect(FourPropertiesCheck.run(fixture.reader, expecting: fixture.expectation, at: Date()).failedPropertyKeys.contains("integrity"))

        let intact = try PackageFixture()
        var foreign = intact.expectation
        foreign.verifier = try PackageFixture().expectation.verifier
        let report = FourPropertiesCheck.run(intact.reader, expecting: foreign, at: Date())
        #expect(report.failedPropertyKeys == ["authenticity"])
    }

    @Test("四性检测: a path outside the package, a link and a security class below the markings fail security")
    func securityFailures() throws {
        var fixture = try PackageFixture()
        fixture.reader.extra.append(.init(path: "../outside.txt", kind: .file))
        fixture.reader.extra.append(.init(path: "data/link.json", kind: .symbolicLink))
        var report = FourPropertiesCheck.run(fixture.reader, expecting: fixture.expectation, at: Date())
        #expect(report.failedPropertyKeys == ["security"] || report.failedPropertyKeys.contains("security"))

        let plain = try PackageFixture(sensitivity: .personalPrivacy, securityClass: .open)
        report = FourPropertiesCheck.run(plain.reader, expecting: plain.expectation, at: Date())
        let security = try #require(report.properties.first { $0.key == "security" })
        #expect(security.checks.first { $0.key == "securityClass" }?.passed == false)
    }

    @Test("四性检测: media whose bytes are not the declared type fail usability")
    func wrongTypeFailsUsability() throws {
        let fixture = try PackageFixture(mediaBytes: Array("%PDF-1.7\n".utf8) + [UInt8](repeating: 0x20, count: 300))
        let report = FourPropertiesCheck.run(fixture.reader, expecting: fixture.expectation, at: Date())
        #expect(report.failedPropertyKeys.contains("usability"))
    }
}

/// A package of one case with a document and a photo, in memory, consistent in every respect:
/// a two-leaf ledger whose checkpoint is signed by a fresh key.
struct PackageFixture {
    struct Reader: ArchivePackageReader {
        var files: [String: Data] = [:]
        var extra: [ArchivePackageEntry] = []

        func entries() throws -> [ArchivePackageEntry] {
            var directories = Set<String>()
            for path in files.keys {
                var parts = path.split(separator: "/").dropLast()
                while !parts.isEmpty {
                    directories.insert(parts.joined(separator: "/"))
                    parts = parts.dropLast()
                }
            }
            return directories.sorted().map { .init(path: $0, kind: .directory) } + files.keys.sorted().map { .init(path: $0, kind: .file) } + extra
        }

        func fixity(of path: String) throws -> Fixity {
            guard let data = files[path] else { throw CocoaError(.fileNoSuchFile) }
            return FixityDigest.of(data)
        }

        func prefix(of path: String, count: Int) throws -> [UInt8] { Array((files[path] ?? Data()).prefix(count)) }

        func contents(of path: String) throws -> Data {
            guard let data = files[path] else { throw CocoaError(.fileNoSuchFile) }
            return data
        }
    }

    var reader = Reader()
    var expectation: ArchiveExpectation
    let mediaPath: String
    let renditionPath: String

    init(mediaBytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 0x41, count: 400),
         sensitivity: Sensitivity = .none, securityClass: SecurityClass = .open) throws {
        let signer = try NoteSigner.generate(name: "lawtrail.test/ledger")
        let caseID = UUID()
        let activityID = UUID()
        let creator = UUID()
        let document = Record(
            activityID: activityID, caseID: caseID, counterpartyID: UUID(), kind: .document, templateID: "on-site-inspection-record",
            documentValues: ["findings": "未发现隐患"], sensitivity: sensitivity, createdBy: creator)
        let media = Data(mediaBytes)
        let photo = Record(
            activityID: activityID, caseID: caseID, counterpartyID: document.counterpartyID, kind: .photo,
            blobSHA256: FixityDigest.of(Data([0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 0x41, count: 400))).sha256,
            byteCount: Int64(media.count), mimeType: "image/jpeg", createdBy: creator)
        let at = Date(timeIntervalSince1970: 1_790_000_000)
        let leaves = try [document, photo].map { try DomainEvents.recordIngested($0, at: at).canonicalBytes }
        let hashes = leaves.map { MerkleHash.leaf($0) }
        let root = MerkleHash.node(hashes[0], hashes[1])
        let note = try Checkpoint(origin: signer.name, size: 2, rootHash: root).signed(by: [signer])

        var files: [String: Data] = [:]
        files[ArchivePackageLayout.checkpoint] = Data(note.utf8)
        files[ArchivePackageLayout.verifierKey] = Data((signer.verifierKey + "\n").utf8)
        for (index, record) in [document, photo].enumerated() {
            files[ArchivePackageLayout.content(record.id)] = Data(try CanonicalJSON.encode(record.canonicalContent))
            let bundle = try ProofBundle(
                checkpoint: note, index: UInt64(index), leaf: leaves[index], inclusionProof: [hashes[1 - index]],
                content: record.canonicalContent)
            files[ArchivePackageLayout.proof(record.id)] = bundle.encoded()
        }
        mediaPath = ArchivePackageLayout.media(photo.id, format: .jpeg)
        renditionPath = ArchivePackageLayout.rendition(document.id)
        files[mediaPath] = media
        files[renditionPath] = Data(DocumentRendition.html(title: "现场检查记录", bureau: "普陀区应急管理局", caseNumber: "1号", fields: [("检查情况", "未发现隐患")]).utf8)

        let payload = files.keys.sorted()
        let metadataFiles = payload.map { path in
            ArchiveMetadata.File(path: path, role: "x", recordId: nil, format: "x", fixity: FixityDigest.of(files[path]!))
        }
        let code = ArchivalCode(fonds: "F", year: 2026, period: .tenYears, item: 1)
        let metadata = ArchiveMetadata(
            packageId: UUID().uuidString.lowercased(), caseId: caseID.uuidString.lowercased(), archivalCode: code, title: "检查",
            caseNumber: "1号", creator: "普陀区应急管理局", archivingUnit: "普陀区应急管理局", dateRange: .init(start: "2026-03-02", end: "2026-03-05"),
            archivedOn: CivilDate(iso: "2026-03-06")!, securityClass: securityClass, closingSummary: "结案",
            items: [document, photo].enumerated().map { index, record in
                .init(recordId: record.id.uuidString.lowercased(), kind: record.kind.rawValue, kindName: record.kind.chineseName,
                      title: "x", ledgerIndex: UInt64(index), supersedes: nil, sensitivity: record.sensitivity.rawValue)
            },
            files: metadataFiles, ledgerCheckpoint: .init(origin: signer.name, treeSize: 2, rootHash: root.hex))
        files[ArchivePackageLayout.metadata] = metadata.encoded()
        for algorithm in ArchivePackageLayout.algorithms {
            files[ArchivePackageLayout.manifest(algorithm)] = Data(payload.map { path in
                let fixity = FixityDigest.of(files[path]!)
                return ArchivePackageLayout.manifestLine(digest: algorithm == "sha256" ? fixity.sha256 : fixity.sm3 ?? "", path: path)
            }.joined().utf8)
        }
        files[ArchivePackageLayout.bagitDeclaration] = Data("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".utf8)
        let bytes = payload.map { Int64(files[$0]!.count) }.reduce(0, +)
        files[ArchivePackageLayout.bagInfo] = Data("Bagging-Date: 2026-03-06\nPayload-Oxum: \(bytes).\(payload.count)\n".utf8)
        reader.files = files
        expectation = ArchiveExpectation(
            records: try [document, photo].map { record in
                .init(id: record.id, kind: record.kind, contentSha256: try DomainEvents.contentDigest(record.canonicalContent),
                      blobSha256: record.blobSHA256, mimeType: record.mimeType, sensitivity: record.sensitivity)
            },
            verifier: signer.verifier, securityClass: securityClass)
    }
}
