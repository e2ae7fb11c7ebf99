import Foundation
import Ledger
import Testing

/// Ledger events as leaves: one event, one byte string. // SPEC X3
@Suite struct LedgerEventTests {
    let at = Date(timeIntervalSince1970: 1_795_914_123)   // 2026-11-29T01:02:03Z

    @Test func canonicalBytes() throws {
        let event = try LedgerEvent(type: "record.ingested", at: at, fields: [
            "recordId": "rec_01HX",
            "contentSha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "bytes": 1024,
        ])
        let expected = #"{"at":"2026-11-29T01:02:03Z","bytes":1024,"contentSha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","recordId":"rec_01HX","type":"record.ingested"}"#
        #expect(String(decoding: event.canonicalBytes, as: UTF8.self) == expected)
        #expect(event.leafHash == MerkleHash.leaf(Array(expected.utf8)))
        #expect(event.timestamp == "2026-11-29T01:02:03Z")
    }

    @Test func sameEventSameBytesRegardlessOfInsertionOrder() throws {
        var a: [String: JSONValue] = [:]
        a["unitId"] = "u1"; a["officerId"] = "o7"; a["z"] = ["k2": 2, "k1": 1]
        var b: [String: JSONValue] = [:]
        b["z"] = ["k1": 1, "k2": 2]; b["officerId"] = "o7"; b["unitId"] = "u1"
        let one = try LedgerEvent(type: "officer.created", at: at, fields: a)
        let two = try LedgerEvent(type: "officer.created", at: at, fields: b)
        #expect(one.canonicalBytes == two.canonicalBytes)
        #expect(one == two)
    }

    @Test func subSecondTimesAreTruncated() throws {
        let event = try LedgerEvent(type: "retrieval.logged", at: at.addingTimeInterval(0.999))
        #expect(event.at == at)
        #expect(event.timestamp == "2026-11-29T01:02:03Z")
        let before1970 = try LedgerEvent(type: "x", at: Date(timeIntervalSince1970: -0.5))
        #expect(before1970.timestamp == "1969-12-31T23:59:59Z")
    }

    @Test func timestampsAcrossTheCalendar() throws {
        let cases: [(TimeInterval, String)] = [
            (0, "1970-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (4_107_542_399, "2100-02-28T23:59:59Z"),
            (253_402_300_799, "9999-12-31T23:59:59Z"),
            (-62_135_596_800, "0001-01-01T00:00:00Z"),
        ]
        for (seconds, expected) in cases {
            let event = try LedgerEvent(type: "t", at: Date(timeIntervalSince1970: seconds))
            #expect(event.timestamp == expected)
            #expect(try LedgerEvent(canonicalBytes: event.canonicalBytes) == event)
        }
        #expect(throws: LedgerError.self) { try LedgerEvent(type: "t", at: Date(timeIntervalSince1970: 253_402_300_800)) }
    }

    @Test func readsBackItsOwnLeafOnly() throws {
        let event = try LedgerEvent(type: "publication.published", at: at, fields: ["publicationId": "p9", "version": 2])
        #expect(try LedgerEvent(canonicalBytes: event.canonicalBytes) == event)
        let notCanonical: [String] = [
            #"{"type":"publication.published","at":"2026-11-29T01:02:03Z","publicationId":"p9","version":2}"#,
            #"{"at":"2026-11-29T01:02:03Z", "publicationId":"p9","type":"publication.published","version":2}"#,
            #"{"at":"2026-11-29T01:02:03Z","publicationId":"p\u0039","type":"publication.published","version":2}"#,
            #"{"at":"2026-11-29T01:02:03.000Z","publicationId":"p9","type":"publication.published","version":2}"#,
            #"{"at":"2026-11-29T01:02:03Z","publicationId":"p9","type":"publication.published","version":2.0}"#,
            #"{"at":"2026-11-29T01:02:03Z","publicationId":"p9","version":2}"#,
            #"{"at":"2026-02-30T01:02:03Z","type":"x"}"#,
            #"["at","type"]"#,
        ]
        for leaf in notCanonical {
            #expect(throws: LedgerError.self, "\(leaf)") { try LedgerEvent(canonicalBytes: Array(leaf.utf8)) }
        }
    }

    @Test func refusals() {
        #expect(throws: LedgerError.self) { try LedgerEvent(type: "", at: at) }
        #expect(throws: LedgerError.self) { try LedgerEvent(type: "Record.Ingested", at: at) }
        #expect(throws: LedgerError.self) { try LedgerEvent(type: "1record", at: at) }
        #expect(throws: LedgerError.self) { try LedgerEvent(type: "record ingested", at: at) }
        #expect(throws: LedgerError.self) { try LedgerEvent(type: "x", at: at, fields: ["type": "y"]) }
        #expect(throws: LedgerError.self) { try LedgerEvent(type: "x", at: at, fields: ["at": "y"]) }
        #expect(throws: LedgerError.self) { try LedgerEvent(type: "x", at: at, fields: ["": "y"]) }
        #expect(throws: LedgerError.self) { try LedgerEvent(type: "x", at: at, fields: ["n": .integer(1 << 60)]) }
    }
}

extension LedgerEventTests {
    @Test func nonFiniteTimesAreRefused() {
        #expect(throws: LedgerError.self) { try LedgerEvent(type: "t", at: Date(timeIntervalSince1970: .infinity)) }
        #expect(throws: LedgerError.self) { try LedgerEvent(type: "t", at: Date(timeIntervalSince1970: -.infinity)) }
        #expect(throws: LedgerError.self) { try LedgerEvent(type: "t", at: Date(timeIntervalSince1970: .nan)) }
        #expect(throws: LedgerError.self) { try LedgerEvent(type: "t", at: Date(timeIntervalSince1970: -62_135_596_801)) }
    }
}
