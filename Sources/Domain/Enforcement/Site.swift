import Foundation

/// Where an enforcement act takes place (执法现场（场所）).
///
/// `highRisk` marks a site with flammable or explosive risk (易燃易爆等高风险现场): SPEC R7 lets such
/// a site skip video (a body camera can be an ignition source), provided the exemption and its reason
/// are recorded on the activity.
public struct Site: Hashable, Sendable, Codable {
    public var address: String
    public var highRisk: Bool

    public init(address: String, highRisk: Bool = false) {
        self.address = address
        self.highRisk = highRisk
    }
}
