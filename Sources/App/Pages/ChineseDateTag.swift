import Domain
import Foundation
import Leaf

/// `#chineseDate(x)`: a `YYYY-MM-DD` string or a timestamp shown as 2026年11月29日.
struct ChineseDateTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        try ctx.requireParameterCount(1)
        let value = ctx.parameters[0]
        if let text = value.string, let date = CivilDate(iso: text.prefix(10)) {
            return .string(date.chinese)
        }
        if let seconds = value.double {
            return .string(CivilDate(Date(timeIntervalSince1970: seconds)).chinese)
        }
        return .string(value.string ?? "")
    }
}
