import Foundation

/// An enforcement officer (行政执法人员) with the certificates they hold (SPEC P5, P6).
public struct Officer: Hashable, Sendable, Codable {
    public var id: UUID
    public var name: String
    public var unitID: UUID
    public var certificates: [Certificate]

    public init(id: UUID = UUID(), name: String, unitID: UUID, certificates: [Certificate]) {
        self.id = id
        self.name = name
        self.unitID = unitID
        self.certificates = certificates
    }

    /// The certificate the officer can show on `date`, if any (SPEC P6).
    public func validCertificate(on date: CivilDate) -> Certificate? {
        certificates.first { $0.isValid(on: date) }
    }
}
