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

    public static func counterpartyCreated(_ counterparty: Counterparty, at: Date) throws -> LedgerEvent {
        try LedgerEvent(type: "counterparty.created", at: at, fields: [
            "counterpartyId": .string(counterparty.id.uuidString.lowercased()),
            "kind": .string(counterparty.kind.rawValue),
            "contentSha256": .string(try contentDigest(counterparty.canonicalContent)),
        ])
    }

    /// Lowercase hex SHA-256 of the RFC 8785 form of `content`.
    public static func contentDigest(_ content: JSONValue) throws -> String {
        let bytes = try CanonicalJSON.encode(content)
        return SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
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
