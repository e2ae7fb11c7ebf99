import Foundation

/// The media forms of a record (SPEC R1: 音视频包括照片、音频和视音频).
///
/// Only `.video` satisfies the mandatory full recording of SPEC R5; SPEC R7 applies its continuity
/// and notice rules to photos and audio as well ("记录要求参照前款规定执行").
public enum MediaKind: String, CaseIterable, Hashable, Sendable, Codable {
    case photo = "photo"   // 照片
    case audio = "audio"   // 音频
    case video = "video"   // 视音频

    public var chineseName: String {
        switch self {
        case .photo: "照片"
        case .audio: "音频"
        case .video: "视音频"
        }
    }
}
