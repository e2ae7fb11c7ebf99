/// Why a draw cannot be committed or run (SPEC P7.3; issue 15 "Bad input and rules"). `message` is
/// the Chinese sentence for people; match the case in code and tests.
public enum DrawError: Error, Equatable, Sendable {
    case titleMissing
    case noPools
    case poolNameInvalid(String)
    case poolNameRepeated(String)
    case poolEmpty(String)
    case entryKeyInvalid(pool: String)
    case entryRepeated(pool: String, key: String)
    case countOutOfRange(pool: String, count: Int, size: Int)
    case nothingToDraw
    case shareOutOfRange
    case assignmentPoolUnknown(String)
    case assignmentEachOutOfRange(Int)
    case tooFewEligible(target: String, eligible: Int, needed: Int)
    case tooFewParties
    case partyNameInvalid
    case partyRepeated(String)
    case secretDigestInvalid(party: String)
    case secretTooShort
    case secretTooLong
    case sameRevealer
    case secretMismatch(party: String)
    case partyUnknown(String)
    case publicValueRequired(source: String)
    case publicValueNotExpected

    public var message: String {
        switch self {
        case .titleMissing: "请填写抽取名称。"
        case .noPools: "没有可抽取的名录库。"
        case .poolNameInvalid(let name): "名录库名称“\(name)”无效：只能使用字母、数字和 -_.:，最长 100 字符。"
        case .poolNameRepeated(let name): "名录库名称“\(name)”重复。"
        case .poolEmpty(let name): "名录库“\(name)”为空，无法抽取。"
        case .entryKeyInvalid(let pool): "名录库“\(pool)”中有空白或过长的编号。"
        case .entryRepeated(let pool, let key): "名录库“\(pool)”中编号“\(key)”重复。"
        case .countOutOfRange(let pool, let count, let size):
            "名录库“\(pool)”共 \(size) 项，不能抽取 \(count) 项。"
        case .nothingToDraw: "抽取数量为零：请填写抽取数量或比例。"
        case .shareOutOfRange: "抽取比例须大于 0% 且不超过 100%。"
        case .assignmentPoolUnknown(let name): "分派所用的名录库“\(name)”不存在。"
        case .assignmentEachOutOfRange(let each): "每个对象分派的人数 \(each) 无效。"
        case .tooFewEligible(let target, let eligible, let needed):
            "“\(target)”回避后只有 \(eligible) 名可派执法人员，至少需要 \(needed) 名。"
        case .tooFewParties: "随机数须由至少两方共同产生：请填写至少两方的承诺值。"
        case .partyNameInvalid: "参与方名称不能为空，最长 100 字符。"
        case .partyRepeated(let party): "参与方“\(party)”重复。"
        case .secretDigestInvalid(let party): "“\(party)”的承诺值须是 64 位小写十六进制的 SHA-256 摘要。"
        case .secretTooShort: "随机密文至少 8 个字符。"
        case .secretTooLong: "随机密文最长 200 个字符。"
        case .sameRevealer: "您已提交过另一方的密文：每一方的密文须由该方的人员用本人账号提交，一人只能提交一方。"
        case .secretMismatch(let party): "该密文与“\(party)”事先承诺的摘要不符。"
        case .partyUnknown(let party): "“\(party)”不是本次抽取的参与方。"
        case .publicValueRequired(let source): "本次抽取承诺使用外部公开值（\(source)），请填写该值。"
        case .publicValueNotExpected: "本次抽取未承诺使用外部公开值，不能再加入。"
        }
    }
}
