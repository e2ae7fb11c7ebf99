import Foundation

/// What was recorded about one activity, as `ComplianceCheck` needs it (SPEC R1, R4, R7).
///
/// Assembled by the caller from the stored records: the recording sessions of the act, its
/// electronic documents with their filled-in values, the media kinds present among its records, and
/// how many scanned paper records it has (a scanned paper form is a text record too, SPEC R1).
public struct ActivityEvidence: Hashable, Sendable, Codable {
    /// An electronic document: the template it follows and its values by field key.
    public struct Document: Hashable, Sendable, Codable {
        public var templateID: String
        public var values: [String: String]
        /// The text record holding the document, when it has been stored.
        public var recordID: UUID?

        public init(templateID: String, values: [String: String], recordID: UUID? = nil) {
            self.templateID = templateID
            self.values = values
            self.recordID = recordID
        }
    }

    /// A photo, audio or video record and what SPEC R8 checks about it: the device that captured
    /// it and when.
    public struct MediaRecord: Hashable, Sendable, Codable {
        public var recordID: UUID
        public var medium: MediaKind
        public var deviceID: UUID?
        public var captureStart: Date?

        public init(recordID: UUID, medium: MediaKind, deviceID: UUID?, captureStart: Date?) {
            self.recordID = recordID
            self.medium = medium
            self.deviceID = deviceID
            self.captureStart = captureStart
        }
    }

    public var sessions: [RecordingSession]
    public var documents: [Document]
    /// The current media records of the act (SPEC R8). Empty in callers that do not check devices.
    public var mediaRecords: [MediaRecord]
    /// The registered devices the media records name, by id, with who held them (SPEC R8). A
    /// device id named by a media record and absent here is not registered.
    public var devices: [UUID: DeviceCustody]
    /// 立案日期 of the act's case, nil while not filed: an inquiry record on or after it is SPEC R5
    /// (五) by itself (`DerivedSituations`).
    public var caseFiledOn: CivilDate?
    /// The media kinds among the activity's records (photo, audio, video), whether or not they
    /// have been arranged into sessions.
    public var mediaKinds: Set<MediaKind>
    /// Scanned paper text records (PDF, JPEG, PNG uploads), which have no fields to check.
    public var scannedPaperRecords: Int

    public init(
        sessions: [RecordingSession] = [], documents: [Document] = [], mediaKinds: Set<MediaKind> = [],
        scannedPaperRecords: Int = 0, mediaRecords: [MediaRecord] = [], devices: [UUID: DeviceCustody] = [:],
        caseFiledOn: CivilDate? = nil
    ) {
        self.mediaRecords = mediaRecords
        self.devices = devices
        self.caseFiledOn = caseFiledOn
        self.sessions = sessions
        self.documents = documents
        self.mediaKinds = mediaKinds
        self.scannedPaperRecords = scannedPaperRecords
    }

    /// Whether a video recording of the act exists as a session with at least one segment: the
    /// only thing that meets SPEC R5's full audio/video recording.
    public var hasVideoSession: Bool {
        sessions.contains { $0.medium == .video && !$0.segments.isEmpty }
    }

    /// Whether the act has any text record at all (SPEC R4: text is the basic form).
    public var hasTextRecord: Bool { !documents.isEmpty || scannedPaperRecords > 0 }
}
