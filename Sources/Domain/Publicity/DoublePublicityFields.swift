import Foundation

/// The national 双公示 (行政许可和行政处罚等信用信息公示) field sets for penalty and licensing
/// decisions, and their validation (SPEC P2: "JSON and CSV open data with the national 双公示 field
/// names for penalty and licensing"; P7.1: "and the 双公示 fields").
///
/// Source of the field lists: the 信用中国 data standard for 双公示 — the data items 「行政处罚信息」
/// and 「行政许可信息」 of the 全国信用信息共享平台 (2021 edition, after the revised 行政处罚法) — as
/// reproduced in the provincial and municipal reporting templates that feed 信用中国 (column names
/// `CF_XDR_MC`…`BZ` and `XK_XDR_MC`…`BZ`). Labels are the standard's column names; the order is the
/// standard's column order, so a CSV with these headers can be handed to the 信用中国 outbox (SPEC P4).
///
/// Required flags follow the standard's 必填 marks. Where the standard makes a field conditional we
/// do the same: the USCC and 法定代表人 for organisations, 证件类型/证件号码 for natural persons, and the
/// amounts and the licence field when the 处罚类别 names a fine, a confiscation or a licence. The
/// 行政相对人类别 values (法人及非法人组织 / 自然人 / 个体工商户), the 处罚类别 values (the kinds of
/// 行政处罚法 (2021) 第九条 plus 其他), the 许可类别 values (普通 / 特许 / 认可 / 核准 / 登记 / 其他) and
/// the 证件类型 values are the standard's code lists. 公示截止期 is optional here because the
/// system fills it from the publicity period (`PublicityPeriodPolicy`, SPEC P7.5).
public struct DoublePublicityFields: Hashable, Sendable, Codable {
    /// A pair of date fields that must not be in the wrong order (有效期自 ≤ 有效期至 and the like).
    public struct DateOrder: Hashable, Sendable, Codable {
        public let earlier: String
        public let later: String

        public init(earlier: String, later: String) {
            self.earlier = earlier
            self.later = later
        }
    }

    /// 行政处罚信息 or 行政许可信息.
    public let name: String
    /// The fields in the standard's column order.
    public let fields: [DoublePublicityField]
    public let dateOrders: [DateOrder]

    public init(name: String, fields: [DoublePublicityField], dateOrders: [DateOrder] = []) {
        self.name = name
        self.fields = fields
        self.dateOrders = dateOrders
    }

    /// The field with `key`, if the set has one.
    public func field(_ key: String) -> DoublePublicityField? { fields.first { $0.key == key } }

    /// The keys, in column order.
    public var keys: [String] { fields.map(\.key) }

    // MARK: - Shared values

    /// 行政相对人类别: the standard's three categories.
    public static let counterpartyCategories = ["法人及非法人组织", "自然人", "个体工商户"]
    /// The category that is a natural person (masked in public, SPEC X4).
    public static let naturalPersonCategory = "自然人"
    /// 证件类型 of a natural person or a legal representative.
    public static let identityDocumentTypes = ["身份证", "护照", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "外国人永久居留身份证"]
    /// 处罚类别: 行政处罚法 (2021) 第九条 and 其他.
    public static let penaltyCategories = [
        "警告", "通报批评", "罚款", "没收违法所得", "没收非法财物", "暂扣许可证件", "降低资质等级",
        "吊销许可证件", "限制开展生产经营活动", "责令停产停业", "责令关闭", "限制从业", "行政拘留", "其他",
    ]
    /// 许可类别.
    public static let licensingCategories = ["普通", "特许", "认可", "核准", "登记", "其他"]

    /// The counterparty part both sets share, in the standard's order.
    private static let counterpartyFields: [DoublePublicityField] = [
        .init(key: "counterpartyName", label: "行政相对人名称", requirement: .required, masking: .counterpartyName),
        .init(key: "counterpartyCategory", label: "行政相对人类别", requirement: .required,
              kind: .enumeration(values: counterpartyCategories, allowsMultiple: false)),
        .init(key: "usccCode", label: "行政相对人代码_1(统一社会信用代码)",
              requirement: .requiredWhen(key: "counterpartyCategory", anyOf: ["法人及非法人组织", "个体工商户"]),
              kind: .uscc),
        .init(key: "businessRegistrationNumber", label: "行政相对人代码_2(工商注册号)", requirement: .optional),
        .init(key: "organisationCode", label: "行政相对人代码_3(组织机构代码)", requirement: .optional),
        .init(key: "taxRegistrationNumber", label: "行政相对人代码_4(税务登记号)", requirement: .optional),
        .init(key: "institutionCertificateNumber", label: "行政相对人代码_5(事业单位证书号)", requirement: .optional),
        .init(key: "socialOrganisationNumber", label: "行政相对人代码_6(社会组织登记证号)", requirement: .optional),
        .init(key: "legalRepresentative", label: "法定代表人",
              requirement: .requiredWhen(key: "counterpartyCategory", anyOf: ["法人及非法人组织"])),
        .init(key: "legalRepresentativeIDType", label: "法定代表人证件类型", requirement: .optional,
              kind: .enumeration(values: identityDocumentTypes, allowsMultiple: false)),
        .init(key: "legalRepresentativeIDNumber", label: "法定代表人证件号码", requirement: .optional,
              kind: .identityNumber(typeKey: "legalRepresentativeIDType"), masking: .personalIdentifier),
        .init(key: "idType", label: "证件类型",
              requirement: .requiredWhen(key: "counterpartyCategory", anyOf: [naturalPersonCategory]),
              kind: .enumeration(values: identityDocumentTypes, allowsMultiple: false)),
        .init(key: "idNumber", label: "证件号码",
              requirement: .requiredWhen(key: "counterpartyCategory", anyOf: [naturalPersonCategory]),
              kind: .identityNumber(typeKey: "idType"), masking: .counterpartyIdentifier),
    ]

    /// 行政处罚信息 (SPEC P7.1).
    public static let penalty = DoublePublicityFields(
        name: "行政处罚信息",
        fields: counterpartyFields + [
            .init(key: "decisionNumber", label: "行政处罚决定书文号", requirement: .required),
            .init(key: "violationType", label: "违法行为类型", requirement: .required),
            .init(key: "violationFacts", label: "违法事实", requirement: .required),
            .init(key: "penaltyBasis", label: "处罚依据", requirement: .required),
            .init(key: "penaltyCategory", label: "处罚类别", requirement: .required,
                  kind: .enumeration(values: penaltyCategories, allowsMultiple: true)),
            .init(key: "penaltyContent", label: "处罚内容", requirement: .required),
            .init(key: "fineAmount", label: "罚款金额（万元）",
                  requirement: .requiredWhen(key: "penaltyCategory", anyOf: ["罚款"]), kind: .money),
            .init(key: "confiscationAmount", label: "没收违法所得、没收非法财物的金额（万元）",
                  requirement: .requiredWhen(key: "penaltyCategory", anyOf: ["没收违法所得", "没收非法财物"]),
                  kind: .money),
            .init(key: "suspendedOrRevokedLicence", label: "暂扣或吊销证照名称及编号",
                  requirement: .requiredWhen(key: "penaltyCategory", anyOf: ["暂扣许可证件", "吊销许可证件"])),
            .init(key: "decisionDate", label: "处罚决定日期", requirement: .required, kind: .date),
            .init(key: "penaltyValidUntil", label: "处罚有效期", requirement: .optional, kind: .date),
            .init(key: "publicityDeadline", label: "公示截止期", requirement: .optional, kind: .date),
            .init(key: "authority", label: "处罚机关", requirement: .required),
            .init(key: "authorityUSCC", label: "处罚机关统一社会信用代码", requirement: .required, kind: .uscc),
            .init(key: "dataSource", label: "数据来源单位", requirement: .required),
            .init(key: "dataSourceUSCC", label: "数据来源单位统一社会信用代码", requirement: .required, kind: .uscc),
            .init(key: "remarks", label: "备注", requirement: .optional),
        ],
        dateOrders: [
            DateOrder(earlier: "decisionDate", later: "penaltyValidUntil"),
            DateOrder(earlier: "decisionDate", later: "publicityDeadline"),
        ])

    /// 行政许可信息 (SPEC P7.2).
    public static let licensing = DoublePublicityFields(
        name: "行政许可信息",
        fields: counterpartyFields + [
            .init(key: "licenceDocumentName", label: "行政许可决定文书名称", requirement: .required),
            .init(key: "licenceDocumentNumber", label: "行政许可决定文书号", requirement: .required),
            .init(key: "licenceCategory", label: "许可类别", requirement: .required,
                  kind: .enumeration(values: licensingCategories, allowsMultiple: false)),
            .init(key: "licenceCertificateName", label: "许可证书名称", requirement: .optional),
            .init(key: "licenceNumber", label: "许可编号", requirement: .optional),
            .init(key: "licenceContent", label: "许可内容", requirement: .required),
            .init(key: "decisionDate", label: "许可决定日期", requirement: .required, kind: .date),
            .init(key: "validFrom", label: "有效期自", requirement: .required, kind: .date),
            .init(key: "validTo", label: "有效期至", requirement: .required, kind: .date),
            .init(key: "authority", label: "许可机关", requirement: .required),
            .init(key: "authorityUSCC", label: "许可机关统一社会信用代码", requirement: .required, kind: .uscc),
            .init(key: "licenceStatus", label: "当前状态", requirement: .optional,
                  kind: .enumeration(values: ["有效", "无效"], allowsMultiple: false)),
            .init(key: "dataSource", label: "数据来源单位", requirement: .required),
            .init(key: "dataSourceUSCC", label: "数据来源单位统一社会信用代码", requirement: .required, kind: .uscc),
            .init(key: "remarks", label: "备注", requirement: .optional),
        ],
        dateOrders: [DateOrder(earlier: "validFrom", later: "validTo")])

    // MARK: - Validation

    /// What is wrong with `values`, as field key → one Chinese sentence; empty when nothing is.
    ///
    /// Checks, per field: required and conditionally required fields are filled (white space alone is
    /// empty); dates are real dates; amounts are non-negative decimals with at most 6 places; USCCs
    /// and resident ID numbers pass their check characters (the message says which character is
    /// wrong, SPEC X4); enumeration values are allowed ones. Then date pairs in the wrong order, and
    /// keys that are not fields of this set (a typo would otherwise be dropped from the export
    /// silently). `today` is for the birth-date check of a resident ID number.
    public func validate(_ values: [String: String], today: CivilDate) -> [String: String] {
        var problems: [String: String] = [:]
        for field in fields {
            let value = Self.trimmed(values[field.key])
            if value.isEmpty {
                if let message = requirementMessage(field, values: values) { problems[field.key] = message }
                continue
            }
            if let message = kindMessage(field, value: value, values: values, today: today) {
                problems[field.key] = message
            }
        }
        for order in dateOrders where problems[order.earlier] == nil && problems[order.later] == nil {
            guard let earlier = Self.date(Self.trimmed(values[order.earlier])),
                  let later = Self.date(Self.trimmed(values[order.later])), later < earlier,
                  let earlierField = field(order.earlier), let laterField = field(order.later) else { continue }
            problems[order.later] = "“\(laterField.label)”不能早于“\(earlierField.label)”"
        }
        let known = Set(keys)
        for key in values.keys where !known.contains(key) {
            problems[key] = "“\(key)”不是\(name)的字段"
        }
        return problems
    }

    /// The sentence for an empty field that must be filled; nil when it may stay empty.
    private func requirementMessage(_ field: DoublePublicityField, values: [String: String]) -> String? {
        switch field.requirement {
        case .optional:
            return nil
        case .required:
            return "“\(field.label)”不能为空"
        case .requiredWhen(let key, let anyOf):
            let present = Self.parts(Self.trimmed(values[key]))
            guard let hit = anyOf.first(where: present.contains) else { return nil }
            let condition = self.field(key)?.label ?? key
            let verb = (self.field(key)?.kind).map(Self.allowsMultiple) == true ? "含" : "为"
            return "\(condition)\(verb)“\(hit)”时，“\(field.label)”不能为空"
        }
    }

    /// The sentence for a filled field whose value is not of its kind; nil when it is.
    private func kindMessage(
        _ field: DoublePublicityField, value: String, values: [String: String], today: CivilDate
    ) -> String? {
        switch field.kind {
        case .text:
            return nil
        case .date:
            return Self.date(value) == nil ? "“\(field.label)”应为有效日期（YYYY-MM-DD），实为“\(value)”" : nil
        case .money:
            return Self.isMoney(value) ? nil : "“\(field.label)”应为不小于0的数，最多6位小数，实为“\(value)”"
        case .uscc:
            do {
                _ = try UnifiedSocialCreditCode(value)
                return nil
            } catch {
                return "“\(field.label)”不是有效的统一社会信用代码：\(error.description)"
            }
        case .enumeration(let allowed, let allowsMultiple):
            let parts = allowsMultiple ? Self.parts(value) : [value]
            guard let bad = parts.first(where: { !allowed.contains($0) }) else { return nil }
            return "“\(field.label)”不能为“\(bad)”，可选值：\(allowed.joined(separator: "、"))"
        case .identityNumber(let typeKey):
            guard Self.trimmed(values[typeKey]) == "身份证" else { return nil }
            // Stored versions hold the number masked (issue 12 item 3); it was checked when typed
            // (`PublicationService`) or when registered in the counterparty directory.
            if IdentityNumberRedaction.isMaskedIdentityNumber(value) { return nil }
            do {
                _ = try ResidentIdentityNumber(value, today: today)
                return nil
            } catch {
                return "“\(field.label)”不是有效的居民身份证号：\(error.description)"
            }
        }
    }

    // MARK: - Value helpers (also used by exports and the public view)

    /// The keys of the fields that hold a natural person's ID number, in either field set.
    public static let identityNumberKeys: Set<String> = Set((penalty.fields + licensing.fields).compactMap { field in
        if case .identityNumber = field.kind { return field.key }
        return nil
    })

    /// The value without surrounding white space; empty for nil.
    static func trimmed(_ value: String?) -> String {
        (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The values of a multiple-choice field.
    static func parts(_ value: String) -> [String] {
        value.split(whereSeparator: { "；;、,，".contains($0) })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    private static func allowsMultiple(_ kind: DoublePublicityField.Kind) -> Bool {
        if case .enumeration(_, true) = kind { return true }
        return false
    }

    /// A date in `YYYY-MM-DD` or `YYYY/MM/DD`.
    public static func date(_ text: String) -> CivilDate? {
        CivilDate(iso: text) ?? CivilDate(iso: text.replacingOccurrences(of: "/", with: "-"))
    }

    /// A non-negative decimal with at most 6 decimal places: digits, optionally `.` and 1–6 digits.
    public static func isMoney(_ text: String) -> Bool {
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(pieces.count), let whole = pieces.first, !whole.isEmpty,
              whole.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        guard pieces.count == 2 else { return true }
        let fraction = pieces[1]
        return (1...6).contains(fraction.count) && fraction.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
