import Crypto
import Foundation
import Ledger

/// The ledger events of the directory: units, officers, counterparties (SPEC X3).
///
/// A leaf carries the object's opaque id and the SHA-256 of its canonical content, never the
/// content itself: the whole ledger is public, and names or ID numbers must not be in it.
/// Anyone holding the record can recompute the digest and find it in the ledger.
public enum DomainEvents {
    public static func unitCreated(_ unit: BureauUnit, at: Date) throws -> LedgerEvent {
        try LedgerEvent(type: "unit.created", at: at, fields: [
            "unitId": .string(unit.id.uuidString.lowercased()),
            "contentSha256": .string(try contentDigest(unit.canonicalContent)),
        ])
    }

    public static func officerCreated(_ officer: Officer, at: Date) throws -> LedgerEvent {
        try LedgerEvent(type: "officer.created", at: at, fields: [
            "officerId": .string(officer.id.uuidString.lowercased()),
            "unitId": .string(officer.unitID.uuidString.lowercased()),
            "contentSha256": .string(try contentDigest(officer.canonicalContent)),
        ])
    }

    /// `identifierForDigest` replaces the identifier in the hashed content: for a natural person
    /// the caller passes a keyed hash, so the public digest cannot be reversed by trying every
    /// possible ID number (SPEC X4; the leaf itself carries no personal data).
    public static func counterpartyCreated(_ counterparty: Counterparty, at: Date, identifierForDigest: String? = nil) throws -> LedgerEvent {
        var content = counterparty
        if let identifierForDigest { content.identifier = identifierForDigest }
        return try LedgerEvent(type: "counterparty.created", at: at, fields: [
            "counterpartyId": .string(counterparty.id.uuidString.lowercased()),
            "kind": .string(counterparty.kind.rawValue),
            "contentSha256": .string(try contentDigest(content.canonicalContent)),
        ])
    }

    /// SPEC R9.3: a record taken in, with the hash of its stored bytes (media, scans) and of its
    /// canonical content; a correction names the record it supersedes.
    public static func recordIngested(_ record: Record, at: Date) throws -> LedgerEvent {
        var fields: [String: JSONValue] = [
            "recordId": .string(record.id.uuidString.lowercased()),
            "activityId": .string(record.activityID.uuidString.lowercased()),
            "kind": .string(record.kind.rawValue),
            "contentSha256": .string(try contentDigest(record.canonicalContent)),
        ]
        if let blob = record.blobSHA256 { fields["blobSha256"] = .string(blob) }
        if let old = record.supersedes { fields["supersedes"] = .string(old.uuidString.lowercased()) }
        return try LedgerEvent(type: record.supersedes == nil ? "record.ingested" : "record.corrected", at: at, fields: fields)
    }

    /// SPEC R9.5: an attempt to delete or alter a record, refused and kept on the ledger.
    public static func recordDeleteRefused(recordID: UUID, userID: UUID?, method: String, at: Date) throws -> LedgerEvent {
        var fields: [String: JSONValue] = [
            "recordId": .string(recordID.uuidString.lowercased()),
            "method": .string(method),
        ]
        if let userID { fields["userId"] = .string(userID.uuidString.lowercased()) }
        return try LedgerEvent(type: "record.delete_refused", at: at, fields: fields)
    }

    /// SPEC R9.2: a retrieval (who, which record, the purpose kind; the free text stays in the
    /// database because it may name people).
    public static func retrievalLogged(retrievalID: UUID, recordID: UUID, userID: UUID, purpose: String, at: Date) throws -> LedgerEvent {
        try LedgerEvent(type: "retrieval.logged", at: at, fields: [
            "retrievalId": .string(retrievalID.uuidString.lowercased()),
            "recordId": .string(recordID.uuidString.lowercased()),
            "userId": .string(userID.uuidString.lowercased()),
            "purpose": .string(purpose),
        ])
    }

    /// An opaque event about any other object: its id and the digest of its content.
    public static func created(_ type: String, idField: String, id: UUID, content: JSONValue, at: Date, extra: [String: JSONValue] = [:]) throws -> LedgerEvent {
        var fields = extra
        fields[idField] = .string(id.uuidString.lowercased())
        fields["contentSha256"] = .string(try contentDigest(content))
        return try LedgerEvent(type: type, at: at, fields: fields)
    }

    /// Lowercase hex SHA-256 of the RFC 8785 form of `content`.
    public static func contentDigest(_ content: JSONValue) throws -> String {
        let bytes = try CanonicalJSON.encode(content)
        return Hash(SHA256.hash(data: bytes)).hex
    }
}

extension BureauUnit {
    /// The content whose digest the ledger holds.
    public var canonicalContent: JSONValue {
        ["id": .string(id.uuidString.lowercased()), "name": .string(name), "kind": .string(kind.rawValue)]
    }
}

extension Officer {
    public var canonicalContent: JSONValue {
        [
            "id": .string(id.uuidString.lowercased()),
            "name": .string(name),
            "unitId": .string(unitID.uuidString.lowercased()),
            "certificates": .array(certificates.map(\.canonicalContent)),
        ]
    }
}

extension Certificate {
    public var canonicalContent: JSONValue {
        [
            "number": .string(number), "issuer": .string(issuer), "scope": .string(scope),
            "validFrom": .string(validFrom.description), "validTo": .string(validTo.description),
        ]
    }
}

extension Counterparty {
    public var canonicalContent: JSONValue {
        [
            "id": .string(id.uuidString.lowercased()),
            "kind": .string(kind.rawValue),
            "name": .string(name),
            "identifier": .string(identifier),
            "address": .string(address),
        ]
    }
}
