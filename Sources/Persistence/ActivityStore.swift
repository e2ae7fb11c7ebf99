import Domain
import FluentKit
import Foundation
import Ledger

/// Cases, activities, devices and recording sessions, each insert with its ledger event
/// (SPEC X3). A recording session's change is a new version row; nothing is updated.
public struct ActivityStore: Sendable {
    let ledger: LedgerWriter

    public init(ledger: LedgerWriter) {
        self.ledger = ledger
    }

    public func create(_ enforcementCase: EnforcementCase, by userID: UUID, at: Date) async throws {
        let model = try CaseModel(enforcementCase, createdBy: userID)
        let event = try Self.caseOpenedEvent(enforcementCase, model: model, at: at)
        try await ledger.append([event]) { db in try await model.create(on: db) }
    }

    public func create(_ activity: Activity, by userID: UUID, at: Date) async throws {
        let model = try ActivityModel(activity, createdBy: userID)
        let event = try Self.activityEvent(activity, model: model, at: at)
        try await ledger.append([event]) { db in
            try await model.create(on: db)
            for officerID in Set(activity.officerIDs) {
                try await ActivityOfficerModel(activityID: activity.id, officerID: officerID).create(on: db)
            }
        }
    }

    /// A case and its first activity in one transaction and one ledger batch: both or neither.
    public func create(_ enforcementCase: EnforcementCase, withFirstActivity activity: Activity, by userID: UUID, at: Date) async throws {
        let caseModel = try CaseModel(enforcementCase, createdBy: userID)
        let activityModel = try ActivityModel(activity, createdBy: userID)
        let events = [
            try Self.caseOpenedEvent(enforcementCase, model: caseModel, at: at),
            try Self.activityEvent(activity, model: activityModel, at: at),
        ]
        try await ledger.append(events) { db in
            try await caseModel.create(on: db)
            try await activityModel.create(on: db)
            for officerID in Set(activity.officerIDs) {
                try await ActivityOfficerModel(activityID: activity.id, officerID: officerID).create(on: db)
            }
        }
    }

    static func caseOpenedEvent(_ enforcementCase: EnforcementCase, model: CaseModel, at: Date) throws -> LedgerEvent {
        try DomainEvents.created(
            "case.opened", idField: "caseId", id: enforcementCase.id,
            content: .string(model.content), at: at, extra: ["kind": .string(enforcementCase.kind.rawValue)])
    }

    static func activityEvent(_ activity: Activity, model: ActivityModel, at: Date) throws -> LedgerEvent {
        try DomainEvents.created(
            "activity.recorded", idField: "activityId", id: activity.id, content: .string(model.content), at: at,
            extra: ["caseId": .string(activity.caseID.uuidString.lowercased()), "kind": .string(activity.kind.rawValue)])
    }

    public func registerDevice(_ device: DeviceModel, at: Date) async throws {
        let id = device.id ?? UUID()
        device.id = id
        let event = try DomainEvents.created(
            "device.registered", idField: "deviceId", id: id,
            content: ["serial": .string(device.serial), "model": .string(device.model), "kind": .string(device.kind)], at: at)
        try await ledger.append([event]) { db in try await device.create(on: db) }
    }

    public func assign(device deviceID: UUID, to officerID: UUID, at: Date) async throws {
        let event = try LedgerEvent(type: "device.assigned", at: at, fields: [
            "deviceId": .string(deviceID.uuidString.lowercased()), "officerId": .string(officerID.uuidString.lowercased()),
        ])
        try await ledger.append([event]) { db in
            try await DeviceAssignmentModel(deviceID: deviceID, officerID: officerID, assignedAt: at).create(on: db)
        }
    }

    /// Stores a new version of a recording session (version 1 for a new session). Two saves
    /// racing for the same version are refused by the unique (session_id, version) key.
    @discardableResult
    public func save(_ session: RecordingSession, activityID: UUID, by userID: UUID, on db: any Database, at: Date) async throws -> Int {
        let version = (try await RecordingSessionModel.query(on: db).filter(\.$sessionID == session.id)
            .sort(\.$version, .descending).first()?.version ?? 0) + 1
        let model = try RecordingSessionModel(session, activityID: activityID, version: version, createdBy: userID)
        let event = try DomainEvents.created(
            "recording_session.saved", idField: "sessionId", id: session.id, content: .string(model.content), at: at,
            extra: ["activityId": .string(activityID.uuidString.lowercased()), "version": .integer(Int64(version))])
        try await ledger.append([event]) { db in try await model.create(on: db) }
        return version
    }
}

/// Read side of activities: what compliance, reports and pages need.
public struct ActivityQueries: Sendable {
    let db: any Database

    public init(database: any Database) {
        self.db = database
    }

    public func activity(_ id: UUID) async throws -> Activity? {
        try await ActivityModel.find(id, on: db)?.domain()
    }

    public func enforcementCase(_ id: UUID) async throws -> EnforcementCase? {
        try await CaseModel.find(id, on: db)?.domain()
    }

    public func officers(_ ids: [UUID]) async throws -> [Officer] {
        guard !ids.isEmpty else { return [] }
        return try await OfficerModel.query(on: db).filter(\.$id ~~ ids).with(\.$certificates).all().map { try $0.domain() }
    }

    /// Every officer with their certificates, by name.
    public func allOfficers() async throws -> [Officer] {
        try await OfficerModel.query(on: db).with(\.$certificates).sort(\.$name).all().map { try $0.domain() }
    }

    /// The latest version of every recording session of an activity.
    public func sessions(activityID: UUID) async throws -> [RecordingSession] {
        let rows = try await RecordingSessionModel.query(on: db).filter(\.$activityID == activityID)
            .sort(\.$version, .descending).all()
        var seen = Set<UUID>()
        var sessions: [RecordingSession] = []
        for row in rows where seen.insert(row.sessionID).inserted {
            sessions.append(try row.domain())
        }
        return sessions
    }

    public func latestSessionVersion(_ sessionID: UUID) async throws -> (session: RecordingSession, version: Int, activityID: UUID)? {
        guard let row = try await RecordingSessionModel.query(on: db).filter(\.$sessionID == sessionID)
            .sort(\.$version, .descending).first() else { return nil }
        return (try row.domain(), row.version, row.activityID)
    }

    /// The registered devices among `ids` with who held them when (SPEC R8); unknown ids are absent.
    public func deviceCustody(_ ids: Set<UUID>) async throws -> [UUID: DeviceCustody] {
        guard !ids.isEmpty else { return [:] }
        let devices = try await DeviceModel.query(on: db).filter(\.$id ~~ Array(ids)).all()
        let assignments = try await DeviceAssignmentModel.query(on: db).filter(\.$deviceID ~~ Array(ids))
            .sort(\.$createdAt).all()
        var custody: [UUID: DeviceCustody] = [:]
        for device in devices {
            let id = try device.requireID()
            custody[id] = DeviceCustody(deviceID: id, serial: device.serial, assignments: assignments.compactMap { row in
                guard row.deviceID == id, let from = row.from else { return nil }
                return DeviceCustody.Assignment(officerID: row.officerID, from: from)
            })
        }
        return custody
    }

    /// The devices whose current holder (latest assignment) is one of `officerIDs`, by serial: what
    /// an upload form offers so that a media record names its device (SPEC R8).
    public func devicesHeld(by officerIDs: [UUID]) async throws -> [(id: UUID, serial: String, model: String, officerID: UUID)] {
        guard !officerIDs.isEmpty else { return [] }
        let theirs = Set(try await DeviceAssignmentModel.query(on: db).filter(\.$officerID ~~ officerIDs).all().map(\.deviceID))
        guard !theirs.isEmpty else { return [] }
        let custody = try await deviceCustody(theirs)
        let officers = Set(officerIDs)
        var held: [(id: UUID, serial: String, model: String, officerID: UUID)] = []
        for device in try await DeviceModel.query(on: db).filter(\.$id ~~ Array(theirs)).sort(\.$serial).all() {
            guard let id = device.id,
                  let holder = custody[id]?.assignments.enumerated().max(by: { ($0.element.from, $0.offset) < ($1.element.from, $1.offset) })?.element.officerID,
                  officers.contains(holder) else { continue }
            held.append((id, device.serial, device.model, holder))
        }
        return held
    }

    /// The evidence compliance looks at (SPEC R5, R7, R8, R4): current records and sessions, the
    /// devices the media records name, and the case's filing date.
    public func evidence(activityID: UUID) async throws -> ActivityEvidence {
        let records = try await RecordModel.query(on: db).filter(\.$activityID == activityID).all().map { try $0.domain() }
        let superseded = Set(records.compactMap(\.supersedes))
        let current = records.filter { !superseded.contains($0.id) }
        var filedOn: CivilDate?
        if let caseID = try await ActivityModel.find(activityID, on: db)?.caseID {
            filedOn = try await enforcementCase(caseID)?.filedOn
        }
        return Self.evidence(
            records: current, sessions: try await sessions(activityID: activityID),
            custody: try await deviceCustody(Set(current.filter { [.photo, .audio, .video].contains($0.kind) }.compactMap(\.deviceID))),
            caseFiledOn: filedOn)
    }
}

extension ActivityQueries {
    /// An activity's evidence from its current records, latest sessions, the custody of the devices
    /// its media records name and its case's filing date (SPEC R5, R7, R8, R4): one rule for
    /// `evidence(activityID:)` and for `WeakSpotQueries`, which reads many activities at once.
    static func evidence(records current: [Record], sessions: [RecordingSession], custody: [UUID: DeviceCustody], caseFiledOn: CivilDate?)
        -> ActivityEvidence {
        var media = Set<MediaKind>()
        var mediaRecords: [ActivityEvidence.MediaRecord] = []
        for record in current {
            let medium: MediaKind
            switch record.kind {
            case .photo: medium = .photo
            case .audio: medium = .audio
            case .video: medium = .video
            case .document, .scan: continue
            }
            media.insert(medium)
            mediaRecords.append(.init(recordID: record.id, medium: medium, deviceID: record.deviceID, captureStart: record.captureStart))
        }
        mediaRecords.sort { ($0.captureStart ?? .distantPast, $0.recordID.uuidString) < ($1.captureStart ?? .distantPast, $1.recordID.uuidString) }
        let devices = custody.filter { id, _ in mediaRecords.contains { $0.deviceID == id } }
        return ActivityEvidence(
            sessions: sessions,
            documents: current.compactMap { record in
                guard record.kind == .document, let template = record.templateID else { return nil }
                return ActivityEvidence.Document(templateID: template, values: record.documentValues ?? [:], recordID: record.id)
            },
            mediaKinds: media,
            scannedPaperRecords: current.filter { $0.kind == .scan }.count,
            mediaRecords: mediaRecords,
            devices: devices,
            caseFiledOn: caseFiledOn)
    }
}
