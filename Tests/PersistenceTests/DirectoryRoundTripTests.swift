import Domain
import Fluent
import Foundation
import Persistence
import Testing
import TestSupport

/// A database round trip on both databases (issue 2, item 7).
@Suite struct DirectoryRoundTripTests {
    @Test(arguments: TestDatabase.all)
    func unitOfficerAndCertificateRoundTrip(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let unit = BureauUnit(name: "执法大队", kind: .enforcementBrigade)
            let certificate = Certificate(
                number: "31010723000101", issuer: "上海市人民政府", scope: "普陀区 安全生产",
                validFrom: CivilDate(year: 2023, month: 1, day: 1)!, validTo: CivilDate(year: 2028, month: 12, day: 31)!)
            let officer = Officer(name: "李建国", unitID: unit.id, certificates: [certificate])

            try await UnitModel(unit).create(on: app.db)
            try await OfficerModel(officer).create(on: app.db)
            try await CertificateModel(certificate, officerID: officer.id).create(on: app.db)

            let loadedUnit = try #require(try await UnitModel.find(unit.id, on: app.db))
            #expect(try loadedUnit.domain() == unit)
            let loaded = try #require(
                try await OfficerModel.query(on: app.db).filter(\.$id == officer.id).with(\.$certificates).first())
            #expect(loaded.name == "李建国")
            #expect(try loaded.certificates.map { try $0.domain() } == [certificate])
        }
    }

    @Test(arguments: TestDatabase.all)
    func counterpartyIdentifierIsUnique(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let protection = try PersonalDataProtection(keyBytes: Data(repeating: 7, count: 64))
            let first = Counterparty(kind: .legalPerson, name: "上海某化工有限公司", identifier: "91310000132260250X", address: "普陀区")
            try await CounterpartyModel(first, protection: protection).create(on: app.db)
            let duplicate = Counterparty(kind: .legalPerson, name: "另一家公司", identifier: first.identifier, address: "普陀区")
            await #expect(throws: (any Error).self) {
                try await CounterpartyModel(duplicate, protection: protection).create(on: app.db)
            }
            #expect(try await CounterpartyModel.query(on: app.db).count() == 1)
        }
    }

    @Test("SPEC X4: a natural person's ID number is sealed at rest and found by its keyed hash", arguments: TestDatabase.all)
    func naturalPersonIdentifierIsEncryptedAtRest(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let protection = try PersonalDataProtection(keyBytes: Data((0..<64).map { UInt8($0) }))
            let person = Counterparty(kind: .naturalPerson, name: "张三", identifier: "11010519491231002X", address: "普陀区")
            try await CounterpartyModel(person, protection: protection).create(on: app.db)

            let row = try #require(try await CounterpartyModel.find(person.id, on: app.db))
            #expect(!row.identifier.contains("11010519491231002X"))
            #expect(!row.identifierLookup.contains("11010519491231002X"))
            #expect(row.identifier.hasPrefix("enc:v1:"))
            #expect(try row.domain(protection: protection) == person)

            let lookup = CounterpartyModel.lookup("11010519491231002X", kind: .naturalPerson, protection: protection)
            #expect(try await CounterpartyModel.query(on: app.db).filter(\.$identifierLookup == lookup).count() == 1)
            // Another key can neither open the number nor find the person.
            let other = try PersonalDataProtection(keyBytes: Data(repeating: 9, count: 64))
            #expect(throws: (any Error).self) { try row.domain(protection: other) }
            #expect(CounterpartyModel.lookup("11010519491231002X", kind: .naturalPerson, protection: other) != lookup)
        }
    }
}
