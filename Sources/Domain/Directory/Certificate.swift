import Foundation

/// An enforcement certificate (行政执法证, SPEC P5, P6).
public struct Certificate: Hashable, Sendable, Codable {
    public var number: String
    public var issuer: String
    /// 执法区域及执法种类, as printed on the certificate.
    public var scope: String
    public var validFrom: CivilDate
    public var validTo: CivilDate

    public init(number: String, issuer: String, scope: String, validFrom: CivilDate, validTo: CivilDate) {
        self.number = number
        self.issuer = issuer
        self.scope = scope
        self.validFrom = validFrom
        self.validTo = validTo
    }

    /// Whether an officer may act with this certificate on `date` (SPEC P6: valid that day).
    public func isValid(on date: CivilDate) -> Bool {
        validFrom <= date && date <= validTo
    }
}
