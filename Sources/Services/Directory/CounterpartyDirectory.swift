import Domain
import FluentKit
import Foundation
import Persistence

/// Counterparties as staff see them (SPEC R9.4, X4): search by name or identifier, and one
/// counterparty's file — its cases, activities and records.
public struct CounterpartyDirectory: Sendable {
    /// A counterparty as shown to a role: a natural person's identity number is masked for roles
    /// that do not need it (SPEC X4, PIPL).
    public struct Entry: Sendable, Hashable, Codable {
        public let id: UUID
        public let kind: String
        public let name: String
        public let identifier: String
        public let address: String
    }

    public struct File: Sendable {
        public let counterparty: Entry
        public let cases: [EnforcementCase]
        public let activities: [Activity]
        /// One page of the counterparty's records, oldest first, and how many there are.
        public let records: [Record]
        public let recordTotal: Int
    }

    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    /// Counterparties whose name contains `text` or whose identifier is `text`, by name.
    ///
    /// A search by a full resident ID number is throttled per person and logged (issue 12 item 6;
    /// SPEC X4): refused with `identity-lookup-limit` beyond `IdentityNumberLookupLimit`.
    public func search(
        _ text: String?, offset: Int, limit: Int, for staff: StaffMember,
        lookupLimit: IdentityNumberLookupLimit = .standard
    ) async throws -> (items: [Entry], total: Int) {
        let query = CounterpartyModel.query(on: context.database)
        // Every word typed must match, in any order ("华宇 化工" finds 上海华宇精细化工有限公司); a word
        // may also be a whole USCC or ID number, matched by its keyed hash (numbers are sealed).
        let words = (text ?? "").split(whereSeparator: { $0.isWhitespace || $0 == "，" || $0 == "," }).map(String.init).prefix(5)
        let protection = context.personalData
        // An ID number is matched however it was typed (`31010819881119102x`, full-width), and
        // each search that holds one counts against the person's hourly allowance first.
        if words.contains(where: IdentityNumberScanner.isIdentityNumberShaped) {
            try await reserveIdentityNumberLookup(by: staff, limit: lookupLimit)
        }
        for word in words {
            let code = IdentityNumberScanner.isIdentityNumberShaped(word) ? IdentityNumberScanner.fold(word) : word.uppercased()
            query.group(.or) { group in
                group.filter(\.$name, .custom("LIKE"), LikePattern.containing(word))
                group.filter(\.$identifierLookup == CounterpartyModel.lookup(code, kind: .legalPerson, protection: protection))
                group.filter(\.$identifierLookup == CounterpartyModel.lookup(code, kind: .naturalPerson, protection: protection))
            }
        }
        let total = try await query.count()
        let rows = try await query.sort(\.$name).range(offset..<(offset + limit)).all()
        return (try rows.map { try entry($0, for: staff) }, total)
    }

    /// Records the attempt (who and when, never the number) and refuses it beyond the limit.
    func reserveIdentityNumberLookup(by staff: StaffMember, limit: IdentityNumberLookupLimit) async throws {
        let allowed = try await IdentityNumberLookupStore(database: context.database)
            .reserve(userID: staff.id, at: context.clock.now, limit: limit)
        guard allowed else {
            throw ServiceRefusal(.tooManyRequests, type: "identity-lookup-limit", title: "查询过于频繁", detail: limit.refusalDetail)
        }
    }

    public func file(_ id: UUID, recordOffset: Int, recordLimit: Int, for staff: StaffMember) async throws -> File {
        let db = context.database
        guard let row = try await CounterpartyModel.find(id, on: db) else { throw ServiceRefusal.notFound("行政相对人不存在。") }
        let cases = try await CaseModel.query(on: db).filter(\.$counterpartyID == id).sort(\.$openedOn).all()
        let caseIDs = cases.compactMap(\.id)
        let activities = caseIDs.isEmpty ? [] : try await ActivityModel.query(on: db).filter(\.$caseID ~~ caseIDs).sort(\.$startedAt).all()
        let recordQuery = RecordModel.query(on: db).filter(\.$counterpartyID == id)
        let total = try await recordQuery.count()
        let records = try await recordQuery.sort(\.$createdAt).range(recordOffset..<(recordOffset + recordLimit)).all()
        return File(
            counterparty: try entry(row, for: staff), cases: try cases.map { try $0.domain() },
            activities: try activities.map { try $0.domain() }, records: try records.map { try $0.domain() }, recordTotal: total)
    }

    public func entry(_ row: CounterpartyModel, for staff: StaffMember) throws -> Entry {
        let counterparty = try row.domain(protection: context.personalData)
        let natural = counterparty.kind == .naturalPerson
        let identifier = natural && !staff.may(.viewCounterpartyIdentity)
            ? PersonalDataMask.maskIdentityNumber(counterparty.identifier) : counterparty.identifier
        return Entry(id: counterparty.id, kind: counterparty.kind.rawValue, name: counterparty.name,
                     identifier: identifier, address: counterparty.address)
    }
}
