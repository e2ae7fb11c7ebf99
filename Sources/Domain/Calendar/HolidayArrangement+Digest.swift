import Crypto
import Foundation
import Ledger

extension HolidayArrangement {
    /// Lowercase hex SHA-256 of `jsonData()`: names one arrangement on the ledger (`calendar.imported`),
    /// whatever the spacing of the file it was read from.
    public var sha256: String { Hash(SHA256.hash(data: jsonData())).hex }
}
