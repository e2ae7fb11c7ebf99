/// One signature line of a signed note: key name, key id and the base64 signature blob as written.
public struct NoteSignature: Hashable, Sendable {
    public let name: String
    public let keyID: UInt32
    /// base64(4-byte key id ‖ signature), exactly as on the line.
    public let base64: String

    public init(name: String, keyID: UInt32, base64: String) {
        self.name = name
        self.keyID = keyID
        self.base64 = base64
    }

    /// `name+keyid`.
    public var keyDescription: String { "\(name)+\(NoteFormat.hex(keyID))" }
}
