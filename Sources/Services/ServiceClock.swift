import Domain
import Foundation

/// The one clock of a running LawTrail (issue 11 item 4): every service, store and page reads the
/// time from it, so a test that pins it pins everything. `serve` reads the system clock.
public struct ServiceClock: Sendable {
    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    public static let system = ServiceClock { Date() }

    public var now: Date { read() }
    /// Whole seconds: ledger event times (docs/ledger-format.md) and the steps stored with them.
    public var nowSeconds: Date { Date(timeIntervalSince1970: read().timeIntervalSince1970.rounded(.down)) }
    /// Whole milliseconds: what request and answer times are stored and hashed with.
    public var nowMilliseconds: Date { Date(timeIntervalSince1970: (read().timeIntervalSince1970 * 1000).rounded(.down) / 1000) }
    /// Today in Asia/Shanghai.
    public var today: CivilDate { CivilDate(read()) }
}
