import Domain
import FluentKit
import Foundation

/// Row of `cases`: the whole `EnforcementCase` as JSON plus the columns lists filter on.
public final class CaseModel: Model, @unchecked Sendable {
    public static let schema = "cases"

    // managed
    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // references
    @Field(key: "created_by") public var createdBy: UUID
    @Field(key: "counterparty_id") public var counterpartyID: UUID
    @Field(key: "unit_id") public var unitID: UUID

    // data
    @Field(key: "number") public var number: String
    @Field(key: "kind") public var kind: String
    @Field(key: "opened_on") public var openedOn: String
    @Field(key: "content") public var content: String

    public init() {}

    public init(_ enforcementCase: EnforcementCase, createdBy: UUID) throws {
        id = enforcementCase.id
        self.createdBy = createdBy
        counterpartyID = enforcementCase.counterpartyID
        unitID = enforcementCase.unitID
        number = enforcementCase.number
        kind = enforcementCase.kind.rawValue
        openedOn = enforcementCase.openedOn.description
        content = String(decoding: try JSONCoding.encoder.encode(enforcementCase), as: UTF8.self)
    }

    public func domain() throws -> EnforcementCase {
        try JSONCoding.decoder.decode(EnforcementCase.self, from: Data(content.utf8))
    }
}

/// Row of `activities`: the whole `Activity` as JSON; officers also in `activity_officers`.
public final class ActivityModel: Model, @unchecked Sendable {
    public static let schema = "activities"

    // managed
    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // references
    @Field(key: "created_by") public var createdBy: UUID
    @Field(key: "case_id") public var caseID: UUID

    // data
    @Field(key: "kind") public var kind: String
    @Field(key: "started_at") public var startedAt: Date
    @Field(key: "content") public var content: String

    public init() {}

    public init(_ activity: Activity, createdBy: UUID) throws {
        id = activity.id
        self.createdBy = createdBy
        caseID = activity.caseID
        kind = activity.kind.rawValue
        startedAt = activity.startedAt
        content = String(decoding: try JSONCoding.encoder.encode(activity), as: UTF8.self)
    }

    public func domain() throws -> Activity {
        try JSONCoding.decoder.decode(Activity.self, from: Data(content.utf8))
    }
}

public final class ActivityOfficerModel: Model, @unchecked Sendable {
    public static let schema = "activity_officers"

    @ID(key: .id) public var id: UUID?
    @Field(key: "activity_id") public var activityID: UUID
    @Field(key: "officer_id") public var officerID: UUID

    public init() {}

    public init(activityID: UUID, officerID: UUID) {
        self.activityID = activityID
        self.officerID = officerID
    }
}

/// Row of `devices`: a registered recorder (SPEC R8).
public final class DeviceModel: Model, @unchecked Sendable {
    public static let schema = "devices"

    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "serial") public var serial: String
    @Field(key: "model") public var model: String
    @Field(key: "kind") public var kind: String

    public init() {}

    public init(id: UUID = UUID(), serial: String, model: String, kind: String) {
        self.id = id
        self.serial = serial
        self.model = model
        self.kind = kind
    }
}

/// Row of `device_assignments`: who holds a device from when on; the latest row is current.
public final class DeviceAssignmentModel: Model, @unchecked Sendable {
    public static let schema = "device_assignments"

    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "device_id") public var deviceID: UUID
    @Field(key: "officer_id") public var officerID: UUID
    /// When the device went to the officer, from the service clock (migration 012); rows from
    /// before it have only `created_at`, which was the same instant read from the system clock.
    @OptionalField(key: "assigned_at") public var assignedAt: Date?

    public init() {}

    public init(deviceID: UUID, officerID: UUID, assignedAt: Date? = nil) {
        self.deviceID = deviceID
        self.officerID = officerID
        self.assignedAt = assignedAt
    }

    /// From when the officer held the device (SPEC R8).
    public var from: Date? { assignedAt ?? createdAt }
}

/// Row of `recording_sessions`: one version of a recording session (SPEC R7).
public final class RecordingSessionModel: Model, @unchecked Sendable {
    public static let schema = "recording_sessions"

    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "created_by") public var createdBy: UUID
    @Field(key: "activity_id") public var activityID: UUID
    @Field(key: "session_id") public var sessionID: UUID
    @Field(key: "version") public var version: Int
    @Field(key: "content") public var content: String

    public init() {}

    public init(_ session: RecordingSession, activityID: UUID, version: Int, createdBy: UUID) throws {
        self.createdBy = createdBy
        self.activityID = activityID
        self.sessionID = session.id
        self.version = version
        self.content = String(decoding: try JSONCoding.encoder.encode(session), as: UTF8.self)
    }

    public func domain() throws -> RecordingSession {
        try JSONCoding.decoder.decode(RecordingSession.self, from: Data(content.utf8))
    }
}
